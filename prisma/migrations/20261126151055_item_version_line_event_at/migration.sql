-- AlterTable
ALTER TABLE "ShipNoticeLine" ADD COLUMN "lastEventAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "syncSetting" TEXT NOT NULL DEFAULT 'CUSTOMER_DEFAULT',
    "bufferOverride" INTEGER,
    "lastEventAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Item_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Item" ("bufferOverride", "createdAt", "customerId", "firstReceivedAt", "id", "lastEventAt", "processOrders", "processOrdersSetBy", "receivedTotal", "sku", "syncSetting", "title", "updatedAt", "whiplashItemId") SELECT "bufferOverride", "createdAt", "customerId", "firstReceivedAt", "id", "lastEventAt", "processOrders", "processOrdersSetBy", "receivedTotal", "sku", "syncSetting", "title", "updatedAt", "whiplashItemId" FROM "Item";
DROP TABLE "Item";
ALTER TABLE "new_Item" RENAME TO "Item";
CREATE INDEX "Item_customerId_sku_idx" ON "Item"("customerId", "sku");
CREATE UNIQUE INDEX "Item_customerId_whiplashItemId_key" ON "Item"("customerId", "whiplashItemId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

