-- CreateTable
CREATE TABLE "TradeLedger" (
    "runId" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,
    "data" TEXT NOT NULL,
    CONSTRAINT "TradeLedger_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
