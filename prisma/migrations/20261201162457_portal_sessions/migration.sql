-- Portal sessions: short-lived, account-scoped credentials behind the UI's portal links. Only the
-- sha256 of the token is stored (like API keys), and a session ends at expires_at or when revoked.
CREATE TYPE "portal_rights" AS ENUM ('read', 'manage');

CREATE TABLE "portal_sessions" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "rights" "portal_rights" NOT NULL,
    "allowed_origins" TEXT[],
    "created_by_key_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "portal_sessions_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "portal_sessions_token_hash_key" ON "portal_sessions"("token_hash");
CREATE INDEX "portal_sessions_account_id_idx" ON "portal_sessions"("account_id");

ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_account_id_fkey"
    FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
