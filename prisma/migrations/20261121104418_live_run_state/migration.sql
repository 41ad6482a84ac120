-- AlterTable
ALTER TABLE "Order" ADD COLUMN "payload" JSONB;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN "channelRef" TEXT;
ALTER TABLE "Run" ADD COLUMN "state" JSONB;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Position" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "symbol" TEXT NOT NULL,
    "qty" REAL NOT NULL,
    "avgPrice" REAL NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "entryCommission" REAL NOT NULL DEFAULT 0,
    "lastPrice" REAL NOT NULL,
    "stopPrice" REAL,
    "targetPrice" REAL,
    "trailingPct" REAL,
    "extreme" REAL NOT NULL,
    "maxHoldingBars" INTEGER,
    "shadowExits" JSONB NOT NULL,
    "barsHeld" INTEGER NOT NULL DEFAULT 0,
    "realizedPnl" REAL NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Position_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Hand edit: highWater becomes extreme (the anchor is a low for shorts); rows written before this migration get
-- the entry price for the new NOT NULL prices and no shadow exits.
INSERT INTO "new_Position" ("avgPrice", "barsHeld", "extreme", "id", "lastPrice", "openedAt", "qty", "realizedPnl", "runId", "shadowExits", "stopPrice", "symbol", "targetPrice", "trailingPct", "updatedAt") SELECT "avgPrice", "barsHeld", COALESCE("highWater", "avgPrice"), "id", "avgPrice", "openedAt", "qty", "realizedPnl", "runId", '[]', "stopPrice", "symbol", "targetPrice", "trailingPct", "updatedAt" FROM "Position";
DROP TABLE "Position";
ALTER TABLE "new_Position" RENAME TO "Position";
CREATE UNIQUE INDEX "Position_runId_symbol_key" ON "Position"("runId", "symbol");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
