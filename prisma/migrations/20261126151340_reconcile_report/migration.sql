-- CreateTable
CREATE TABLE "ReconcileReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "bulkOperationId" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "checked" INTEGER NOT NULL DEFAULT 0,
    "matching" INTEGER NOT NULL DEFAULT 0,
    "discrepancies" INTEGER NOT NULL DEFAULT 0,
    "corrected" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "detail" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "ReconcileReport_shopId_startedAt_idx" ON "ReconcileReport"("shopId", "startedAt");

-- CreateIndex
CREATE INDEX "ReconcileReport_bulkOperationId_idx" ON "ReconcileReport"("bulkOperationId");

