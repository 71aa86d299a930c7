-- AlterTable
ALTER TABLE "Item" ADD COLUMN "processOrdersEventAt" DATETIME;

