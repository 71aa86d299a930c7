-- DropIndex
DROP INDEX "ShopifyLevel_shopId_inventoryItemId_locationId_knownQuantit_idx";

-- CreateIndex
CREATE INDEX "ShopifyLevel_shopId_inventoryItemId_locationId_knownQuantit_idx" ON "ShopifyLevel"("shopId", "inventoryItemId", "locationId", "knownQuantity", "writtenAt");

