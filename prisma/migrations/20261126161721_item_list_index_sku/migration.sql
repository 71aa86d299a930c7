-- DropIndex
DROP INDEX "Item_id_customerId_syncSetting_processOrders_bufferOverride_receivedTotal_firstReceivedAt_idx";

-- CreateIndex
CREATE INDEX "Item_id_customerId_syncSetting_processOrders_bufferOverride_receivedTotal_firstReceivedAt_sku_idx" ON "Item"("id", "customerId", "syncSetting", "processOrders", "bufferOverride", "receivedTotal", "firstReceivedAt", "sku");

