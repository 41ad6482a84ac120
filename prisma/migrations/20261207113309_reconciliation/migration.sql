-- CreateTable
CREATE TABLE "Reconciliation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "differences" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" DATETIME NOT NULL,
    "changedAt" DATETIME NOT NULL,
    "resolvedBy" TEXT,
    "resolution" TEXT,
    "resolvedAt" DATETIME,
    CONSTRAINT "Reconciliation_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Reconciliation_workspaceId_account_status_idx" ON "Reconciliation"("workspaceId", "account", "status");

-- CreateIndex
CREATE INDEX "Reconciliation_status_idx" ON "Reconciliation"("status");
