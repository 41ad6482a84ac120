-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "clientOrderId" TEXT NOT NULL,
    "brokerOrderId" TEXT,
    "symbol" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "intent" TEXT NOT NULL,
    "qty" REAL NOT NULL,
    "limitPrice" REAL,
    "stopPrice" REAL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "barTime" DATETIME NOT NULL,
    "payload" JSONB,
    "brokerStatus" TEXT,
    "brokerQty" REAL,
    "brokerFilledQty" REAL NOT NULL DEFAULT 0,
    "brokerFills" JSONB,
    "brokerReason" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Order_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Order" ("barTime", "brokerOrderId", "clientOrderId", "createdAt", "id", "intent", "limitPrice", "payload", "qty", "reason", "runId", "side", "status", "stopPrice", "symbol", "type", "updatedAt") SELECT "barTime", "brokerOrderId", "clientOrderId", "createdAt", "id", "intent", "limitPrice", "payload", "qty", "reason", "runId", "side", "status", "stopPrice", "symbol", "type", "updatedAt" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE UNIQUE INDEX "Order_clientOrderId_key" ON "Order"("clientOrderId");
CREATE INDEX "Order_runId_barTime_idx" ON "Order"("runId", "barTime");
CREATE INDEX "Order_brokerStatus_idx" ON "Order"("brokerStatus");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
