-- AlterEnum
ALTER TYPE "ProcessOrdersSetBy" ADD VALUE 'WHIPLASH';

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "processOrdersSetAt" TIMESTAMP(3),
ADD COLUMN     "whiplashProcessOrders" BOOLEAN,
ADD COLUMN     "whiplashProcessOrdersAt" TIMESTAMP(3);

