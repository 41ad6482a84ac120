-- CreateTable
CREATE TABLE "ServiceLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "token" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceLease_pkey" PRIMARY KEY ("name")
);
