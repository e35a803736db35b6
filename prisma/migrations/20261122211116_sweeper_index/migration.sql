-- DropIndex
DROP INDEX "deliveries_status_created_at_idx";

-- CreateIndex
CREATE INDEX "deliveries_status_next_attempt_at_idx" ON "deliveries"("status", "next_attempt_at");
