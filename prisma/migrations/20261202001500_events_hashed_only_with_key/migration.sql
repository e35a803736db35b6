-- Only a replay of an idempotency key compares request hashes (against idempotency_keys), so an
-- event sent without a key is stored without one: hashing a big body's canonical JSON was work
-- no one read.
ALTER TABLE "events" ALTER COLUMN "request_hash" DROP NOT NULL;
