-- DropIndex
DROP INDEX "ShopifyLevel_shopId_inventoryItemId_locationId_knownQuantity_idx";

-- CreateIndex
CREATE INDEX "ShopifyLevel_shopId_inventoryItemId_locationId_knownQuantity_writtenAt_idx" ON "ShopifyLevel"("shopId", "inventoryItemId", "locationId", "knownQuantity", "writtenAt");

