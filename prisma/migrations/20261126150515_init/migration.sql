-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "whiplashCustomerId" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "defaultSyncSetting" TEXT NOT NULL DEFAULT 'PROCESS_ORDERS_ONLY',
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

-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL DEFAULT '',
    "customerId" TEXT,
    "syncEnabled" BOOLEAN NOT NULL DEFAULT true,
    "defaultLocationId" TEXT,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Shop_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WarehouseLocation" (
    "shopId" TEXT NOT NULL,
    "warehouseId" INTEGER NOT NULL,
    "locationId" TEXT NOT NULL,

    PRIMARY KEY ("shopId", "warehouseId"),
    CONSTRAINT "WarehouseLocation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Item" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "whiplashItemId" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "receivedTotal" INTEGER NOT NULL DEFAULT 0,
    "firstReceivedAt" DATETIME,
    "processOrders" BOOLEAN NOT NULL DEFAULT false,
    "processOrdersSetBy" TEXT NOT NULL DEFAULT 'IMPORT',
    "syncSetting" TEXT NOT NULL DEFAULT 'CUSTOMER_DEFAULT',
    "bufferOverride" INTEGER,
    "lastEventAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Item_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ItemWarehouseStock" (
    "itemId" TEXT NOT NULL,
    "warehouseId" INTEGER NOT NULL,
    "sellable" INTEGER NOT NULL,

    PRIMARY KEY ("itemId", "warehouseId"),
    CONSTRAINT "ItemWarehouseStock_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ItemLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL DEFAULT '',
    "variantTitle" TEXT NOT NULL DEFAULT '',
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "lastSyncedAt" DATETIME,
    "lastError" TEXT,
    "driftDetectedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ItemLink_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemLink_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShopifyLevel" (
    "shopId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "knownQuantity" INTEGER,
    "knownAt" DATETIME,
    "writtenQuantity" INTEGER,
    "writtenAt" DATETIME,

    PRIMARY KEY ("shopId", "inventoryItemId", "locationId"),
    CONSTRAINT "ShopifyLevel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MatchIssue" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MatchIssue_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShipNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "customerId" TEXT NOT NULL,
    "whiplashId" INTEGER NOT NULL,
    "warehouseId" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "lastEventAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ShipNotice_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShipNoticeLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shipNoticeId" TEXT NOT NULL,
    "whiplashLineId" INTEGER NOT NULL,
    "itemId" TEXT NOT NULL,
    "expected" INTEGER NOT NULL,
    "receivedGood" INTEGER NOT NULL DEFAULT 0,
    "damaged" INTEGER NOT NULL DEFAULT 0,
    "publish" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ShipNoticeLine_shipNoticeId_fkey" FOREIGN KEY ("shipNoticeId") REFERENCES "ShipNotice" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ShipNoticeLine_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "shopId" TEXT NOT NULL,
    "itemId" TEXT,
    "locationId" TEXT,
    "trigger" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "quantityBefore" INTEGER,
    "quantityAfter" INTEGER,
    "error" TEXT,
    "runId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "InboundEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "rawBody" TEXT NOT NULL,
    "customerId" TEXT,
    "shopId" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL DEFAULT 'PENDING',
    "outcomeDetail" TEXT,
    "processedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'created',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "retryCount" INTEGER NOT NULL DEFAULT 0,
    "retryLimit" INTEGER NOT NULL DEFAULT 5,
    "startAfter" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "singletonKey" TEXT,
    "shopId" TEXT,
    "lastError" TEXT,
    "output" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "completedAt" DATETIME
);

-- CreateTable
CREATE TABLE "PendingSync" (
    "shopId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "wanted" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "force" BOOLEAN NOT NULL DEFAULT false,
    "runId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "enqueuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "itemId", "locationId")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "written" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_whiplashCustomerId_key" ON "Customer"("whiplashCustomerId");

-- CreateIndex
CREATE INDEX "Shop_customerId_idx" ON "Shop"("customerId");

-- CreateIndex
CREATE INDEX "Item_customerId_sku_idx" ON "Item"("customerId", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "Item_customerId_whiplashItemId_key" ON "Item"("customerId", "whiplashItemId");

-- CreateIndex
CREATE INDEX "ItemLink_itemId_idx" ON "ItemLink"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "ItemLink_shopId_itemId_key" ON "ItemLink"("shopId", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "ItemLink_shopId_inventoryItemId_key" ON "ItemLink"("shopId", "inventoryItemId");

-- CreateIndex
CREATE UNIQUE INDEX "MatchIssue_shopId_sku_kind_key" ON "MatchIssue"("shopId", "sku", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "ShipNotice_customerId_whiplashId_key" ON "ShipNotice"("customerId", "whiplashId");

-- CreateIndex
CREATE INDEX "ShipNoticeLine_itemId_idx" ON "ShipNoticeLine"("itemId");

-- CreateIndex
CREATE UNIQUE INDEX "ShipNoticeLine_shipNoticeId_whiplashLineId_key" ON "ShipNoticeLine"("shipNoticeId", "whiplashLineId");

-- CreateIndex
CREATE INDEX "SyncLog_shopId_createdAt_idx" ON "SyncLog"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "SyncLog_shopId_itemId_createdAt_idx" ON "SyncLog"("shopId", "itemId", "createdAt");

-- CreateIndex
CREATE INDEX "SyncLog_runId_idx" ON "SyncLog"("runId");

-- CreateIndex
CREATE INDEX "InboundEvent_outcome_receivedAt_idx" ON "InboundEvent"("outcome", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboundEvent_source_dedupeKey_key" ON "InboundEvent"("source", "dedupeKey");

-- CreateIndex
CREATE INDEX "Job_state_startAfter_priority_idx" ON "Job"("state", "startAfter", "priority");

-- CreateIndex
CREATE INDEX "Job_name_singletonKey_state_idx" ON "Job"("name", "singletonKey", "state");

-- CreateIndex
CREATE INDEX "Job_shopId_state_idx" ON "Job"("shopId", "state");

-- CreateIndex
CREATE INDEX "PendingSync_shopId_enqueuedAt_idx" ON "PendingSync"("shopId", "enqueuedAt");

-- CreateIndex
CREATE INDEX "SyncRun_shopId_startedAt_idx" ON "SyncRun"("shopId", "startedAt");

