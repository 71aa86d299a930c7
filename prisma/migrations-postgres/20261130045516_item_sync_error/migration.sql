-- CreateTable
CREATE TABLE "ItemSyncError" (
    "shopId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ItemSyncError_pkey" PRIMARY KEY ("shopId","itemId")
);

-- CreateIndex
CREATE INDEX "ItemSyncError_shopId_at_idx" ON "ItemSyncError"("shopId", "at");

-- AddForeignKey
ALTER TABLE "ItemSyncError" ADD CONSTRAINT "ItemSyncError_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemSyncError" ADD CONSTRAINT "ItemSyncError_shopId_itemId_fkey" FOREIGN KEY ("shopId", "itemId") REFERENCES "ItemLink"("shopId", "itemId") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data (hand-added), before the columns go: ItemLink.lastSyncedAt and ItemLink.lastError leave ItemLink
-- (issue 11: the writer no longer updates ItemLink on every write).
-- 1. The last sync is now MAX(ShopifyLevel.writtenAt) of the link's inventory item. Links synced before
--    writtenAt was kept have no written level: their levels without writtenAt get the link's lastSyncedAt
--    (writtenQuantity stays NULL, and drift detection only trusts writtenQuantity).
UPDATE "ShopifyLevel" v SET "writtenAt" = k."lastSyncedAt"
FROM "ItemLink" k
WHERE v."writtenAt" IS NULL AND k."shopId" = v."shopId" AND k."inventoryItemId" = v."inventoryItemId"
  AND k."lastSyncedAt" IS NOT NULL
  AND NOT EXISTS (
      SELECT 1 FROM "ShopifyLevel" w
      WHERE w."shopId" = k."shopId" AND w."inventoryItemId" = k."inventoryItemId" AND w."writtenAt" IS NOT NULL
  );

-- 2. Errors move to ItemSyncError (at = the link's updatedAt, when the error was stored).
INSERT INTO "ItemSyncError" ("shopId", "itemId", "error", "at")
SELECT "shopId", "itemId", "lastError", "updatedAt" FROM "ItemLink" WHERE "lastError" IS NOT NULL;

-- AlterTable
ALTER TABLE "ItemLink" DROP COLUMN "lastError",
DROP COLUMN "lastSyncedAt";
