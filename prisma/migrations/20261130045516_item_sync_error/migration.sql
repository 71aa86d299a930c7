-- Data (hand-added): ItemLink.lastSyncedAt and ItemLink.lastError leave ItemLink (issue 11: the writer no
-- longer updates ItemLink on every write).
-- 1. The last sync is now MAX(ShopifyLevel.writtenAt) of the link's inventory item. Links synced before
--    writtenAt was kept have no written level: their levels without writtenAt get the link's lastSyncedAt
--    (writtenQuantity stays NULL, and drift detection only trusts writtenQuantity).
UPDATE "ShopifyLevel" SET "writtenAt" = (
    SELECT k."lastSyncedAt" FROM "ItemLink" k
    WHERE k."shopId" = "ShopifyLevel"."shopId" AND k."inventoryItemId" = "ShopifyLevel"."inventoryItemId"
)
WHERE "writtenAt" IS NULL AND EXISTS (
    SELECT 1 FROM "ItemLink" k
    WHERE k."shopId" = "ShopifyLevel"."shopId" AND k."inventoryItemId" = "ShopifyLevel"."inventoryItemId"
      AND k."lastSyncedAt" IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM "ShopifyLevel" v
          WHERE v."shopId" = k."shopId" AND v."inventoryItemId" = k."inventoryItemId" AND v."writtenAt" IS NOT NULL
      )
);
-- 2. Errors move to ItemSyncError (at = the link's updatedAt, when the error was stored). Stashed first:
--    the table is created after ItemLink is rebuilt, so dropping the old ItemLink cannot cascade into it.
CREATE TABLE "_ItemSyncErrorStash" AS
    SELECT "shopId", "itemId", "lastError" AS "error", "updatedAt" AS "at" FROM "ItemLink" WHERE "lastError" IS NOT NULL;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ItemLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL DEFAULT '',
    "variantTitle" TEXT NOT NULL DEFAULT '',
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "driftDetectedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ItemLink_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemLink_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ItemLink" ("createdAt", "driftDetectedAt", "id", "inventoryItemId", "itemId", "productId", "productTitle", "shopId", "tracked", "updatedAt", "variantId", "variantTitle") SELECT "createdAt", "driftDetectedAt", "id", "inventoryItemId", "itemId", "productId", "productTitle", "shopId", "tracked", "updatedAt", "variantId", "variantTitle" FROM "ItemLink";
DROP TABLE "ItemLink";
ALTER TABLE "new_ItemLink" RENAME TO "ItemLink";
CREATE INDEX "ItemLink_itemId_idx" ON "ItemLink"("itemId");
CREATE INDEX "ItemLink_shopId_itemId_tracked_inventoryItemId_idx" ON "ItemLink"("shopId", "itemId", "tracked", "inventoryItemId");
CREATE INDEX "ItemLink_shopId_productTitle_variantTitle_idx" ON "ItemLink"("shopId", "productTitle", "variantTitle");
CREATE UNIQUE INDEX "ItemLink_shopId_itemId_key" ON "ItemLink"("shopId", "itemId");
CREATE UNIQUE INDEX "ItemLink_shopId_inventoryItemId_key" ON "ItemLink"("shopId", "inventoryItemId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateTable
CREATE TABLE "ItemSyncError" (
    "shopId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "itemId"),
    CONSTRAINT "ItemSyncError_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemSyncError_shopId_itemId_fkey" FOREIGN KEY ("shopId", "itemId") REFERENCES "ItemLink" ("shopId", "itemId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ItemSyncError_shopId_at_idx" ON "ItemSyncError"("shopId", "at");

-- Data (hand-added): the stashed errors.
INSERT INTO "ItemSyncError" ("shopId", "itemId", "error", "at") SELECT "shopId", "itemId", "error", "at" FROM "_ItemSyncErrorStash";
DROP TABLE "_ItemSyncErrorStash";
