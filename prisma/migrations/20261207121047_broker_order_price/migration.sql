-- AlterTable
ALTER TABLE "Order" ADD COLUMN "brokerPrice" REAL;
