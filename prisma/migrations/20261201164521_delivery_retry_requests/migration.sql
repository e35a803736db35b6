-- A manual retry counts here, and an attempt in flight when it came (it loaded the row before) leaves
-- the delivery as the retry left it, pending, so the retry is honoured after that attempt.
ALTER TABLE "deliveries" ADD COLUMN "retry_requests" INTEGER NOT NULL DEFAULT 0;
