-- CreateIndex
CREATE INDEX "Item_id_customerId_syncSetting_processOrders_bufferOverride_receivedTotal_firstReceivedAt_idx" ON "Item"("id", "customerId", "syncSetting", "processOrders", "bufferOverride", "receivedTotal", "firstReceivedAt");

-- CreateIndex
CREATE INDEX "ItemWarehouseStock_itemId_sellable_idx" ON "ItemWarehouseStock"("itemId", "sellable");

-- CreateIndex
CREATE INDEX "ItemLink_shopId_itemId_tracked_inventoryItemId_idx" ON "ItemLink"("shopId", "itemId", "tracked", "inventoryItemId");

-- CreateIndex
CREATE INDEX "ItemLink_shopId_productTitle_variantTitle_idx" ON "ItemLink"("shopId", "productTitle", "variantTitle");

-- CreateIndex
CREATE INDEX "ShopifyLevel_shopId_inventoryItemId_locationId_knownQuantity_idx" ON "ShopifyLevel"("shopId", "inventoryItemId", "locationId", "knownQuantity");

-- CreateIndex
CREATE INDEX "ShipNoticeLine_itemId_publish_idx" ON "ShipNoticeLine"("itemId", "publish");

