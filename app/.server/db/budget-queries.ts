// What the sync-cost banner counts: the shop's matched, Shopify-tracked items with one of some settings.
import { Prisma, type PrismaClient } from "@prisma/client";
import type { ItemSyncSetting } from "../../domain/types";

/** Matched items of the customer in this shop that Shopify tracks and whose own setting is one of `settings`. */
export async function countTrackedItemsWithSettings(
  prisma: PrismaClient,
  shopId: string,
  customerId: string,
  settings: readonly ItemSyncSetting[],
): Promise<number> {
  if (settings.length === 0) return 0;
  const [row] = await prisma.$queryRaw<{ n: bigint | number }[]>`
    SELECT COUNT(*) AS n FROM "ItemLink" l JOIN "Item" i ON i."id" = l."itemId"
    WHERE l."shopId" = ${shopId} AND i."customerId" = ${customerId} AND l."tracked" = TRUE AND i."syncSetting" IN (${Prisma.join(settings)})`;
  return Number(row?.n ?? 0);
}
