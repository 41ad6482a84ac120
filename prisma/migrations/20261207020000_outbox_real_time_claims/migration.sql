-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "claimedBy" TEXT;
ALTER TABLE "Notification" ADD COLUMN "claimedUntil" DATETIME;
