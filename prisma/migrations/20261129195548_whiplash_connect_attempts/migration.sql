-- CreateTable
CREATE TABLE "WhiplashConnect" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "userId" TEXT,
    "stage" TEXT NOT NULL DEFAULT 'STARTED',
    "claimHash" TEXT,
    "secretEnc" TEXT,
    "whiplashCustomerId" INTEGER,
    "customerName" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "WhiplashConnect_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "WhiplashConnect_shopId_idx" ON "WhiplashConnect"("shopId");

-- CreateIndex
CREATE INDEX "WhiplashConnect_expiresAt_idx" ON "WhiplashConnect"("expiresAt");

