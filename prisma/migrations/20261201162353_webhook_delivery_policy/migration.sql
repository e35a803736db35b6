-- Per-webhook delivery policy (issue 16). Every column is optional: NULL (or false) means the
-- operator's global setting applies. Custom headers map each name to the AES-256-GCM ciphertext
-- of its value (SECRET_ENCRYPTION_KEY, like the signing secrets): {"X-Api-Key": "<ciphertext>"}.
ALTER TABLE "webhooks"
  ADD COLUMN "headers" JSONB NOT NULL DEFAULT '{}',
  ADD COLUMN "rate_limit_per_second" INTEGER,
  ADD COLUMN "max_in_flight" INTEGER,
  ADD COLUMN "ordered" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "retry_schedule" INTEGER[],
  ADD COLUMN "timeout_ms" INTEGER;
