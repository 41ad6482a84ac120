-- CreateTable
CREATE TABLE "AccountRisk" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "limits" JSONB,
    "day" TEXT,
    "startOfDayEquity" REAL,
    "peakEquity" REAL,
    "recentOrders" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AccountRisk_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AccountRisk_workspaceId_account_key" ON "AccountRisk"("workspaceId", "account");
