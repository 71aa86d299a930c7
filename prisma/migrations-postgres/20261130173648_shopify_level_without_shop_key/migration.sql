-- DropForeignKey
ALTER TABLE "ShopifyLevel" DROP CONSTRAINT "ShopifyLevel_shopId_fkey";

