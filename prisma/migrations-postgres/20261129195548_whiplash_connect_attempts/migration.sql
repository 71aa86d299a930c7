-- CreateTable
CREATE TABLE "WhiplashConnect" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "userId" TEXT,
    "stage" TEXT NOT NULL DEFAULT 'STARTED',
    "claimHash" TEXT,
    "secretEnc" TEXT,
    "whiplashCustomerId" INTEGER,
    "customerName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WhiplashConnect_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WhiplashConnect_shopId_idx" ON "WhiplashConnect"("shopId");

-- CreateIndex
CREATE INDEX "WhiplashConnect_expiresAt_idx" ON "WhiplashConnect"("expiresAt");

-- AddForeignKey
ALTER TABLE "WhiplashConnect" ADD CONSTRAINT "WhiplashConnect_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

