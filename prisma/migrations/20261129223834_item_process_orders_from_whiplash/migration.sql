-- AlterTable
ALTER TABLE "Item" ADD COLUMN "processOrdersSetAt" DATETIME;
ALTER TABLE "Item" ADD COLUMN "whiplashProcessOrders" BOOLEAN;
ALTER TABLE "Item" ADD COLUMN "whiplashProcessOrdersAt" DATETIME;

