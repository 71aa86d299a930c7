-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ShopifyLevel" (
    "shopId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "knownQuantity" INTEGER,
    "knownAt" DATETIME,
    "writtenQuantity" INTEGER,
    "writtenAt" DATETIME,

    PRIMARY KEY ("shopId", "inventoryItemId", "locationId")
);
INSERT INTO "new_ShopifyLevel" ("inventoryItemId", "knownAt", "knownQuantity", "locationId", "shopId", "writtenAt", "writtenQuantity") SELECT "inventoryItemId", "knownAt", "knownQuantity", "locationId", "shopId", "writtenAt", "writtenQuantity" FROM "ShopifyLevel";
DROP TABLE "ShopifyLevel";
ALTER TABLE "new_ShopifyLevel" RENAME TO "ShopifyLevel";
CREATE INDEX "ShopifyLevel_shopId_inventoryItemId_locationId_knownQuantity_writtenAt_idx" ON "ShopifyLevel"("shopId", "inventoryItemId", "locationId", "knownQuantity", "writtenAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

