// The item-level Sync Inventory setting as it is now (a bulk "Set Sync Inventory" reports before -> after).
import type { PrismaClient } from "@prisma/client";
import type { ItemSyncSetting } from "../../domain";

/** The customer's items among these ids, with their setting; ids of other customers are absent. */
export async function currentSyncSettings(prisma: PrismaClient, customerId: string, itemIds: readonly string[]): Promise<Map<string, ItemSyncSetting>> {
  const rows = await prisma.item.findMany({ where: { id: { in: [...itemIds] }, customerId }, select: { id: true, syncSetting: true } });
  return new Map(rows.map((r) => [r.id, r.syncSetting as ItemSyncSetting]));
}
