-- AlterTable
ALTER TABLE "Approval" ADD COLUMN "expiresAt" DATETIME;

-- CreateIndex
CREATE INDEX "Approval_status_expiresAt_idx" ON "Approval"("status", "expiresAt");
