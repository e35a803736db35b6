-- Event data is stored as the producer sent it (text), not as jsonb, which reorders keys and
-- rounds integers beyond double precision. Existing rows keep jsonb's rendering of their data.
ALTER TABLE "events" ALTER COLUMN "payload" SET DATA TYPE TEXT USING "payload"::text;
