-- CreateTable
CREATE TABLE "ItemRuleChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "side" TEXT NOT NULL,
    "setting" TEXT,
    "code" INTEGER,
    "outcome" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ItemRuleChange_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Customer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "whiplashCustomerId" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "defaultSyncSetting" TEXT NOT NULL DEFAULT 'PROCESS_ORDERS_ONLY',
    "whiplashDefaultCode" INTEGER,
    "whiplashDefaultCodeAt" DATETIME,
    "defaultSyncSettingSetBy" TEXT NOT NULL DEFAULT 'IMPORT',
    "defaultSyncSettingSetAt" DATETIME,
    "defaultWritePendingAt" DATETIME,
    "rulesWriteBack" BOOLEAN NOT NULL DEFAULT true,
    "whiplashOwnSyncAnswer" TEXT,
    "processOrdersMode" TEXT NOT NULL DEFAULT 'ON_RECEIPT_OFF_AT_SELLOUT',
    "defaultBuffer" INTEGER NOT NULL DEFAULT 0,
    "driftPolicy" TEXT NOT NULL DEFAULT 'CORRECT',
    "accessTokenEnc" TEXT,
    "refreshTokenEnc" TEXT,
    "tokenExpiresAt" DATETIME,
    "lastWebhookAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Customer" ("accessTokenEnc", "createdAt", "defaultBuffer", "defaultSyncSetting", "driftPolicy", "id", "lastWebhookAt", "name", "processOrdersMode", "refreshTokenEnc", "tokenExpiresAt", "updatedAt", "whiplashCustomerId") SELECT "accessTokenEnc", "createdAt", "defaultBuffer", "defaultSyncSetting", "driftPolicy", "id", "lastWebhookAt", "name", "processOrdersMode", "refreshTokenEnc", "tokenExpiresAt", "updatedAt", "whiplashCustomerId" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
CREATE UNIQUE INDEX "Customer_whiplashCustomerId_key" ON "Customer"("whiplashCustomerId");
CREATE TABLE "new_Item" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "whiplashItemId" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "receivedTotal" INTEGER NOT NULL DEFAULT 0,
    "firstReceivedAt" DATETIME,
    "processOrders" BOOLEAN NOT NULL DEFAULT false,
    "processOrdersSetBy" TEXT NOT NULL DEFAULT 'IMPORT',
    "processOrdersSetAt" DATETIME,
    "whiplashProcessOrders" BOOLEAN,
    "whiplashProcessOrdersAt" DATETIME,
    "syncSetting" TEXT NOT NULL DEFAULT 'CUSTOMER_DEFAULT',
    "syncSettingSetBy" TEXT NOT NULL DEFAULT 'IMPORT',
    "syncSettingSetAt" DATETIME,
    "whiplashSyncCode" INTEGER,
    "whiplashIncludeInbound" BOOLEAN,
    "whiplashRulesAt" DATETIME,
    "rulesWritePendingAt" DATETIME,
    "rulesWriteError" TEXT,
    "bufferOverride" INTEGER,
    "lastEventAt" DATETIME,
    "processOrdersEventAt" DATETIME,
    "settingsEventAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Item_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("bufferOverride", "createdAt", "customerId", "firstReceivedAt", "id", "lastEventAt", "processOrders", "processOrdersEventAt", "processOrdersSetAt", "processOrdersSetBy", "receivedTotal", "settingsEventAt", "sku", "syncSetting", "title", "updatedAt", "version", "whiplashItemId", "whiplashProcessOrders", "whiplashProcessOrdersAt") SELECT "bufferOverride", "createdAt", "customerId", "firstReceivedAt", "id", "lastEventAt", "processOrders", "processOrdersEventAt", "processOrdersSetAt", "processOrdersSetBy", "receivedTotal", "settingsEventAt", "sku", "syncSetting", "title", "updatedAt", "version", "whiplashItemId", "whiplashProcessOrders", "whiplashProcessOrdersAt" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_customerId_sku_idx" ON "Item"("customerId", "sku");
CREATE INDEX "Item_id_customerId_syncSetting_processOrders_bufferOverride_receivedTotal_firstReceivedAt_sku_idx" ON "Item"("id", "customerId", "syncSetting", "processOrders", "bufferOverride", "receivedTotal", "firstReceivedAt", "sku");
CREATE UNIQUE INDEX "Item_customerId_whiplashItemId_key" ON "Item"("customerId", "whiplashItemId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ItemRuleChange_itemId_id_idx" ON "ItemRuleChange"("itemId", "id");

