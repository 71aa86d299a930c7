// What the item page (views/item-detail.ts) reads besides the item, its link and its sync log: Shopify's
// levels for the item's inventory item and the syncs waiting for the writer, both per location.
import type { PendingSync, PrismaClient, ShopifyLevel } from "@prisma/client";

/** The shop's known and written levels of one inventory item, one row per location. */
export function levelsOfInventoryItem(prisma: PrismaClient, shopId: string, inventoryItemId: string): Promise<ShopifyLevel[]> {
  return prisma.shopifyLevel.findMany({ where: { shopId, inventoryItemId }, orderBy: { locationId: "asc" } });
}

/** The item's syncs not sent yet in this shop, one row per location. */
export function pendingSyncsOfItem(prisma: PrismaClient, shopId: string, itemId: string): Promise<PendingSync[]> {
  return prisma.pendingSync.findMany({ where: { shopId, itemId }, orderBy: { locationId: "asc" } });
}
