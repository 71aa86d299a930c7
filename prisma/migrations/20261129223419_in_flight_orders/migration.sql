-- CreateTable
CREATE TABLE "InFlightOrder" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderUpdatedAt" DATETIME,
    "seenAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "closedReason" TEXT,

    PRIMARY KEY ("shopId", "orderId")
);

-- CreateTable
CREATE TABLE "InFlightLine" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "units" INTEGER NOT NULL,

    PRIMARY KEY ("shopId", "orderId", "itemId", "locationId"),
    CONSTRAINT "InFlightLine_shopId_orderId_fkey" FOREIGN KEY ("shopId", "orderId") REFERENCES "InFlightOrder" ("shopId", "orderId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "InFlightOrder_closedAt_seenAt_idx" ON "InFlightOrder"("closedAt", "seenAt");

-- CreateIndex
CREATE INDEX "InFlightLine_shopId_itemId_idx" ON "InFlightLine"("shopId", "itemId");

