-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SyncSetting" AS ENUM ('NEVER', 'ALWAYS', 'PROCESS_ORDERS_ONLY');

-- CreateEnum
CREATE TYPE "ItemSyncSetting" AS ENUM ('CUSTOMER_DEFAULT', 'NEVER', 'ALWAYS', 'PROCESS_ORDERS_ONLY');

-- CreateEnum
CREATE TYPE "ProcessOrdersMode" AS ENUM ('ON_RECEIPT_OFF_AT_SELLOUT', 'FIRST_RECEIPT_ONLY', 'ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT', 'MANUAL');

-- CreateEnum
CREATE TYPE "DriftPolicy" AS ENUM ('CORRECT', 'FLAG');

-- CreateEnum
CREATE TYPE "ProcessOrdersSetBy" AS ENUM ('IMPORT', 'AUTOMATION', 'PERSON');

-- CreateEnum
CREATE TYPE "MatchIssueKind" AS ENUM ('UNMATCHED_SKU', 'DUPLICATE_SKU_IN_SHOPIFY', 'DUPLICATE_SKU_IN_WHIPLASH');

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
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
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL,
    "whiplashCustomerId" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "defaultSyncSetting" "SyncSetting" NOT NULL DEFAULT 'PROCESS_ORDERS_ONLY',
    "processOrdersMode" "ProcessOrdersMode" NOT NULL DEFAULT 'ON_RECEIPT_OFF_AT_SELLOUT',
    "defaultBuffer" INTEGER NOT NULL DEFAULT 0,
    "driftPolicy" "DriftPolicy" NOT NULL DEFAULT 'CORRECT',
    "accessTokenEnc" TEXT,
    "refreshTokenEnc" TEXT,
    "tokenExpiresAt" TIMESTAMP(3),
    "lastWebhookAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "customerId" TEXT,
    "syncEnabled" BOOLEAN NOT NULL DEFAULT true,
    "defaultLocationId" TEXT,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WarehouseLocation" (
    "shopId" TEXT NOT NULL,
    "warehouseId" INTEGER NOT NULL,
    "locationId" TEXT NOT NULL,

    CONSTRAINT "WarehouseLocation_pkey" PRIMARY KEY ("shopId","warehouseId")
);

-- CreateTable
CREATE TABLE "Item" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "whiplashItemId" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "receivedTotal" INTEGER NOT NULL DEFAULT 0,
    "firstReceivedAt" TIMESTAMP(3),
    "processOrders" BOOLEAN NOT NULL DEFAULT false,
    "processOrdersSetBy" "ProcessOrdersSetBy" NOT NULL DEFAULT 'IMPORT',
    "syncSetting" "ItemSyncSetting" NOT NULL DEFAULT 'CUSTOMER_DEFAULT',
    "bufferOverride" INTEGER,
    "lastEventAt" TIMESTAMP(3),
    "processOrdersEventAt" TIMESTAMP(3),
    "settingsEventAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ItemWarehouseStock" (
    "itemId" TEXT NOT NULL,
    "warehouseId" INTEGER NOT NULL,
    "sellable" INTEGER NOT NULL,

    CONSTRAINT "ItemWarehouseStock_pkey" PRIMARY KEY ("itemId","warehouseId")
);

-- CreateTable
CREATE TABLE "ItemLink" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL DEFAULT '',
    "variantTitle" TEXT NOT NULL DEFAULT '',
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "lastSyncedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "driftDetectedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ItemLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopifyLevel" (
    "shopId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "knownQuantity" INTEGER,
    "knownAt" TIMESTAMP(3),
    "writtenQuantity" INTEGER,
    "writtenAt" TIMESTAMP(3),

    CONSTRAINT "ShopifyLevel_pkey" PRIMARY KEY ("shopId","inventoryItemId","locationId")
);

-- CreateTable
CREATE TABLE "MatchIssue" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "kind" "MatchIssueKind" NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShipNotice" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "whiplashId" INTEGER NOT NULL,
    "warehouseId" INTEGER NOT NULL,
    "status" INTEGER NOT NULL,
    "lastEventAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShipNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShipNoticeLine" (
    "id" TEXT NOT NULL,
    "shipNoticeId" TEXT NOT NULL,
    "whiplashLineId" INTEGER NOT NULL,
    "itemId" TEXT NOT NULL,
    "expected" INTEGER NOT NULL,
    "receivedGood" INTEGER NOT NULL DEFAULT 0,
    "damaged" INTEGER NOT NULL DEFAULT 0,
    "publish" BOOLEAN NOT NULL DEFAULT false,
    "lastEventAt" TIMESTAMP(3),

    CONSTRAINT "ShipNoticeLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncLog" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundEvent" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "rawBody" TEXT NOT NULL,
    "customerId" TEXT,
    "shopId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL DEFAULT 'PENDING',
    "outcomeDetail" TEXT,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "InboundEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'created',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "retryCount" INTEGER NOT NULL DEFAULT 0,
    "retryLimit" INTEGER NOT NULL DEFAULT 5,
    "startAfter" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "singletonKey" TEXT,
    "shopId" TEXT,
    "lastError" TEXT,
    "output" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
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
    "enqueuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingSync_pkey" PRIMARY KEY ("shopId","itemId","locationId")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "written" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ReconcileReport" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "bulkOperationId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "checked" INTEGER NOT NULL DEFAULT 0,
    "matching" INTEGER NOT NULL DEFAULT 0,
    "discrepancies" INTEGER NOT NULL DEFAULT 0,
    "corrected" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "detail" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,

    CONSTRAINT "ReconcileReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedItemFilter" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedItemFilter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkRun" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "setting" TEXT,
    "sourceKind" TEXT NOT NULL,
    "sourceLabel" TEXT NOT NULL,
    "sourceRef" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "bulkOperationId" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "skippedByReason" TEXT NOT NULL DEFAULT '{}',
    "logCursor" INTEGER NOT NULL DEFAULT 0,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkRunItem" (
    "runId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "sku" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT NOT NULL DEFAULT 'QUEUED',
    "reason" TEXT,
    "detail" TEXT,
    "quantity" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BulkRunItem_pkey" PRIMARY KEY ("runId","itemId")
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
CREATE INDEX "Item_id_customerId_syncSetting_processOrders_bufferOverride_idx" ON "Item"("id", "customerId", "syncSetting", "processOrders", "bufferOverride", "receivedTotal", "firstReceivedAt", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "Item_customerId_whiplashItemId_key" ON "Item"("customerId", "whiplashItemId");

-- CreateIndex
CREATE INDEX "ItemWarehouseStock_itemId_sellable_idx" ON "ItemWarehouseStock"("itemId", "sellable");

-- CreateIndex
CREATE INDEX "ItemLink_itemId_idx" ON "ItemLink"("itemId");

-- CreateIndex
CREATE INDEX "ItemLink_shopId_itemId_tracked_inventoryItemId_idx" ON "ItemLink"("shopId", "itemId", "tracked", "inventoryItemId");

-- CreateIndex
CREATE INDEX "ItemLink_shopId_productTitle_variantTitle_idx" ON "ItemLink"("shopId", "productTitle", "variantTitle");

-- CreateIndex
CREATE UNIQUE INDEX "ItemLink_shopId_itemId_key" ON "ItemLink"("shopId", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "ItemLink_shopId_inventoryItemId_key" ON "ItemLink"("shopId", "inventoryItemId");

-- CreateIndex
CREATE INDEX "ShopifyLevel_shopId_inventoryItemId_locationId_knownQuantit_idx" ON "ShopifyLevel"("shopId", "inventoryItemId", "locationId", "knownQuantity");

-- CreateIndex
CREATE UNIQUE INDEX "MatchIssue_shopId_sku_kind_key" ON "MatchIssue"("shopId", "sku", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "ShipNotice_customerId_whiplashId_key" ON "ShipNotice"("customerId", "whiplashId");

-- CreateIndex
CREATE INDEX "ShipNoticeLine_itemId_idx" ON "ShipNoticeLine"("itemId");

-- CreateIndex
CREATE INDEX "ShipNoticeLine_itemId_publish_idx" ON "ShipNoticeLine"("itemId", "publish");

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

-- CreateIndex
CREATE INDEX "ReconcileReport_shopId_startedAt_idx" ON "ReconcileReport"("shopId", "startedAt");

-- CreateIndex
CREATE INDEX "ReconcileReport_bulkOperationId_idx" ON "ReconcileReport"("bulkOperationId");

-- CreateIndex
CREATE UNIQUE INDEX "SavedItemFilter_shopId_name_key" ON "SavedItemFilter"("shopId", "name");

-- CreateIndex
CREATE INDEX "BulkRun_shopId_createdAt_idx" ON "BulkRun"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "BulkRunItem_runId_outcome_idx" ON "BulkRunItem"("runId", "outcome");

-- AddForeignKey
ALTER TABLE "Shop" ADD CONSTRAINT "Shop_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WarehouseLocation" ADD CONSTRAINT "WarehouseLocation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemWarehouseStock" ADD CONSTRAINT "ItemWarehouseStock_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemLink" ADD CONSTRAINT "ItemLink_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemLink" ADD CONSTRAINT "ItemLink_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopifyLevel" ADD CONSTRAINT "ShopifyLevel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchIssue" ADD CONSTRAINT "MatchIssue_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShipNotice" ADD CONSTRAINT "ShipNotice_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShipNoticeLine" ADD CONSTRAINT "ShipNoticeLine_shipNoticeId_fkey" FOREIGN KEY ("shipNoticeId") REFERENCES "ShipNotice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShipNoticeLine" ADD CONSTRAINT "ShipNoticeLine_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedItemFilter" ADD CONSTRAINT "SavedItemFilter_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkRun" ADD CONSTRAINT "BulkRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkRunItem" ADD CONSTRAINT "BulkRunItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "BulkRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

