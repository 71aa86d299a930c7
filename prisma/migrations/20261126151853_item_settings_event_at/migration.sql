-- AlterTable
ALTER TABLE "Item" ADD COLUMN "settingsEventAt" DATETIME;

