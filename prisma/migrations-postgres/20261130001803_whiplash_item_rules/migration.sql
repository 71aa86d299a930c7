-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "defaultSyncSettingSetAt" TIMESTAMP(3),
ADD COLUMN     "defaultSyncSettingSetBy" "ProcessOrdersSetBy" NOT NULL DEFAULT 'IMPORT',
ADD COLUMN     "defaultWritePendingAt" TIMESTAMP(3),
ADD COLUMN     "rulesWriteBack" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "whiplashDefaultCode" INTEGER,
ADD COLUMN     "whiplashDefaultCodeAt" TIMESTAMP(3),
ADD COLUMN     "whiplashOwnSyncAnswer" TEXT;

-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "rulesWriteError" TEXT,
ADD COLUMN     "rulesWritePendingAt" TIMESTAMP(3),
ADD COLUMN     "syncSettingSetAt" TIMESTAMP(3),
ADD COLUMN     "syncSettingSetBy" "ProcessOrdersSetBy" NOT NULL DEFAULT 'IMPORT',
ADD COLUMN     "whiplashIncludeInbound" BOOLEAN,
ADD COLUMN     "whiplashRulesAt" TIMESTAMP(3),
ADD COLUMN     "whiplashSyncCode" INTEGER;

-- CreateTable
CREATE TABLE "ItemRuleChange" (
    "id" SERIAL NOT NULL,
    "itemId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "side" TEXT NOT NULL,
    "setting" TEXT,
    "code" INTEGER,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ItemRuleChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ItemRuleChange_itemId_id_idx" ON "ItemRuleChange"("itemId", "id");

-- AddForeignKey
ALTER TABLE "ItemRuleChange" ADD CONSTRAINT "ItemRuleChange_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

