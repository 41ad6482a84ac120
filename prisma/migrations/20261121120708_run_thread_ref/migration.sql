-- AlterTable
ALTER TABLE "Run" ADD COLUMN "threadRef" TEXT;
