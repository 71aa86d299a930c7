-- CreateTable
CREATE TABLE "InFlightOrder" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderUpdatedAt" TIMESTAMP(3),
    "seenAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "closedReason" TEXT,

    CONSTRAINT "InFlightOrder_pkey" PRIMARY KEY ("shopId","orderId")
);

-- CreateTable
CREATE TABLE "InFlightLine" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "InFlightLine_pkey" PRIMARY KEY ("shopId","orderId","itemId","locationId")
);

-- CreateIndex
CREATE INDEX "InFlightOrder_closedAt_seenAt_idx" ON "InFlightOrder"("closedAt", "seenAt");

-- CreateIndex
CREATE INDEX "InFlightLine_shopId_itemId_idx" ON "InFlightLine"("shopId", "itemId");

-- AddForeignKey
ALTER TABLE "InFlightLine" ADD CONSTRAINT "InFlightLine_shopId_orderId_fkey" FOREIGN KEY ("shopId", "orderId") REFERENCES "InFlightOrder"("shopId", "orderId") ON DELETE CASCADE ON UPDATE CASCADE;

