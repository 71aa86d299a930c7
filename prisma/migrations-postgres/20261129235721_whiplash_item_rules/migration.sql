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

