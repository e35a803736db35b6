-- Time-partitioned events, deliveries and delivery_attempts (docs/database.md, Partitions).
--
-- Every event id is a UUIDv7 whose leading 48 bits are its created_at in milliseconds, every
-- delivery id starts with its event's 48 bits, and attempts are partitioned by their delivery
-- id. So a day of events, their deliveries and their attempts live in three partitions with the
-- same bounds, a lookup by any id prunes to one partition, and retention drops whole days with
-- DROP TABLE instead of DELETE. The worker creates the daily partitions ahead of time.
--
-- Foreign keys between the three tables would make dropping a day scan the other days (Postgres
-- checks every referencing row when a referenced partition goes), so they are gone: a day's rows
-- reference only the same day, by construction. Idempotency keys move to their own table, since
-- a unique index on a partitioned table must contain the partition key.
--
-- Existing rows get ids in the new scheme (the time bits from created_at, the random bits kept),
-- so their ids change once (docs/database.md, Upgrading). They go to one partition per table,
-- <table>_legacy, which retention drops as a whole once its newest day has expired. A second
-- partition, <table>_initial, covers today and the next 7 days until the worker's daily ones.
--
-- No semicolon may appear inside a statement or a comment here: Prisma's wasm schema engine
-- splits scripts on every semicolon.

-- The lowest UUID of the millisecond at falls in, as the lower bound of a range partition.
CREATE FUNCTION pg_temp.herald_uuid_floor(at timestamptz) RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-0000-0000-000000000000')::uuid
  FROM (SELECT lpad(to_hex(floor(extract(epoch FROM at) * 1000)::bigint), 12, '0') AS h) AS hex
$$;

ALTER TABLE "delivery_attempts" DROP CONSTRAINT "delivery_attempts_delivery_id_fkey";
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_event_id_fkey";
ALTER TABLE "events" RENAME TO "events_unpartitioned";
ALTER TABLE "deliveries" RENAME TO "deliveries_unpartitioned";
ALTER TABLE "delivery_attempts" RENAME TO "delivery_attempts_unpartitioned";

-- The end of the legacy partition: midnight (UTC) after the newest existing event.
CREATE FUNCTION pg_temp.herald_legacy_end() RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT pg_temp.herald_uuid_floor(
    (date_trunc('day', coalesce(max("created_at"), '1970-01-01T00:00:00Z') AT TIME ZONE 'UTC') + interval '1 day')
    AT TIME ZONE 'UTC')
  FROM "events_unpartitioned"
$$;

-- The end of the initial partition: midnight (UTC) 8 days from now.
CREATE FUNCTION pg_temp.herald_initial_end() RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT pg_temp.herald_uuid_floor((date_trunc('day', now() AT TIME ZONE 'UTC') + interval '8 days') AT TIME ZONE 'UTC')
$$;

CREATE FUNCTION pg_temp.herald_initial_start() RETURNS uuid
LANGUAGE sql STABLE AS $$
  SELECT greatest(pg_temp.herald_legacy_end(),
                  pg_temp.herald_uuid_floor(date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'))
$$;

CREATE TABLE "events" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "request_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
) PARTITION BY RANGE ("id");

CREATE TABLE "deliveries" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "webhook_id" UUID NOT NULL,
    "status" "delivery_status" NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "is_test" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3)
) PARTITION BY RANGE ("id");

CREATE TABLE "delivery_attempts" (
    "id" UUID NOT NULL,
    "delivery_id" UUID NOT NULL,
    "attempt_number" INTEGER NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" "attempt_outcome" NOT NULL,
    "status_code" INTEGER,
    "duration_ms" INTEGER NOT NULL,
    "response_snippet" TEXT,
    "error" TEXT
) PARTITION BY RANGE ("delivery_id");

CREATE TABLE "idempotency_keys" (
    "account_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "request_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("account_id","key")
);

-- New ids for existing rows: created_at's milliseconds, version 7, the old id's random bits.
CREATE TEMPORARY TABLE "event_ids" AS
SELECT "id" AS "old_id",
       (left(pg_temp.herald_uuid_floor("created_at")::text, 14) || '7' || substr("id"::text, 16))::uuid AS "new_id"
FROM "events_unpartitioned";
CREATE TEMPORARY TABLE "delivery_ids" AS
SELECT d."id" AS "old_id",
       (left(e."new_id"::text, 14) || '7' || substr(d."id"::text, 16))::uuid AS "new_id"
FROM "deliveries_unpartitioned" d JOIN "event_ids" e ON e."old_id" = d."event_id";

CREATE TABLE "events_legacy" PARTITION OF "events"
  FOR VALUES FROM (MINVALUE) TO (pg_temp.herald_legacy_end());
CREATE TABLE "deliveries_legacy" PARTITION OF "deliveries"
  FOR VALUES FROM (MINVALUE) TO (pg_temp.herald_legacy_end());
CREATE TABLE "delivery_attempts_legacy" PARTITION OF "delivery_attempts"
  FOR VALUES FROM (MINVALUE) TO (pg_temp.herald_legacy_end());
CREATE TABLE "events_initial" PARTITION OF "events"
  FOR VALUES FROM (pg_temp.herald_initial_start()) TO (pg_temp.herald_initial_end());
CREATE TABLE "deliveries_initial" PARTITION OF "deliveries"
  FOR VALUES FROM (pg_temp.herald_initial_start()) TO (pg_temp.herald_initial_end());
CREATE TABLE "delivery_attempts_initial" PARTITION OF "delivery_attempts"
  FOR VALUES FROM (pg_temp.herald_initial_start()) TO (pg_temp.herald_initial_end());

INSERT INTO "events" ("id", "account_id", "type", "payload", "idempotency_key", "request_hash", "created_at")
SELECT i."new_id", e."account_id", e."type", e."payload", e."idempotency_key", e."request_hash", e."created_at"
FROM "events_unpartitioned" e JOIN "event_ids" i ON i."old_id" = e."id";

INSERT INTO "idempotency_keys" ("account_id", "key", "event_id", "request_hash", "created_at")
SELECT e."account_id", e."idempotency_key", i."new_id", e."request_hash", e."created_at"
FROM "events_unpartitioned" e JOIN "event_ids" i ON i."old_id" = e."id"
WHERE e."idempotency_key" IS NOT NULL;

INSERT INTO "deliveries" ("id", "event_id", "webhook_id", "status", "attempt_count", "next_attempt_at",
                          "last_status_code", "last_error", "is_test", "created_at", "updated_at", "completed_at")
SELECT di."new_id", ei."new_id", d."webhook_id", d."status", d."attempt_count", d."next_attempt_at",
       d."last_status_code", d."last_error", d."is_test", d."created_at", d."updated_at", d."completed_at"
FROM "deliveries_unpartitioned" d
JOIN "delivery_ids" di ON di."old_id" = d."id"
JOIN "event_ids" ei ON ei."old_id" = d."event_id";

INSERT INTO "delivery_attempts" ("id", "delivery_id", "attempt_number", "attempted_at", "outcome",
                                 "status_code", "duration_ms", "response_snippet", "error")
SELECT a."id", di."new_id", a."attempt_number", a."attempted_at", a."outcome",
       a."status_code", a."duration_ms", a."response_snippet", a."error"
FROM "delivery_attempts_unpartitioned" a JOIN "delivery_ids" di ON di."old_id" = a."delivery_id";

DROP TABLE "delivery_attempts_unpartitioned";
DROP TABLE "deliveries_unpartitioned";
DROP TABLE "events_unpartitioned";
DROP TABLE "event_ids";
DROP TABLE "delivery_ids";
DROP FUNCTION pg_temp.herald_initial_start();
DROP FUNCTION pg_temp.herald_initial_end();
DROP FUNCTION pg_temp.herald_legacy_end();
DROP FUNCTION pg_temp.herald_uuid_floor(timestamptz);

ALTER TABLE "events" ADD CONSTRAINT "events_pkey" PRIMARY KEY ("id");
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id");
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_pkey" PRIMARY KEY ("delivery_id", "id");

-- The event log: an account's events, newest first (ids sort by time).
CREATE INDEX "events_account_id_id_idx" ON "events"("account_id", "id");
-- Retention of idempotency keys: the expired ones, oldest first.
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");
CREATE INDEX "deliveries_status_next_attempt_at_idx" ON "deliveries"("status", "next_attempt_at");
CREATE INDEX "deliveries_webhook_id_created_at_idx" ON "deliveries"("webhook_id", "created_at");
CREATE INDEX "deliveries_event_id_idx" ON "deliveries"("event_id");
CREATE INDEX "delivery_attempts_delivery_id_attempted_at_idx" ON "delivery_attempts"("delivery_id", "attempted_at");

ALTER TABLE "events" ADD CONSTRAINT "events_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
