-- CreateTable
CREATE TABLE "ReconcileDiscrepancy" (
    "id" SERIAL NOT NULL,
    "reportId" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "itemId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "expected" INTEGER NOT NULL,
    "shopify" INTEGER,
    "action" TEXT NOT NULL,
    "note" TEXT NOT NULL,

    CONSTRAINT "ReconcileDiscrepancy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReconcileDiscrepancy_shopId_reportId_seq_idx" ON "ReconcileDiscrepancy"("shopId", "reportId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "ReconcileDiscrepancy_reportId_seq_key" ON "ReconcileDiscrepancy"("reportId", "seq");

