-- Secret rotation keeps every secret it announced valid until its own expiry: a short list of
-- previous secrets, each with its expiry, instead of one previous secret that the next rotation
-- overwrote. Elements: {"secret": "<ciphertext>", "expires_at": "<ISO-8601 UTC>"}.
ALTER TABLE "webhooks" ADD COLUMN "previous_secrets" JSONB NOT NULL DEFAULT '[]';

UPDATE "webhooks"
SET "previous_secrets" = jsonb_build_array(jsonb_build_object(
      'secret', "previous_secret_encrypted",
      'expires_at', to_char("previous_secret_expires_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
WHERE "previous_secret_encrypted" IS NOT NULL AND "previous_secret_expires_at" > now();

ALTER TABLE "webhooks" DROP COLUMN "previous_secret_encrypted",
  DROP COLUMN "previous_secret_expires_at";
