// Item-list reads that do not depend on the decision filters: which of some posted item ids are matched
// items of the shop. (The filtered, sorted page queries are built with views/decision-sql's SQL fragments
// and stay with them in views/item-list.ts until those fragments move here.)
import type { PrismaClient } from "@prisma/client";
import { chunk } from "./db-types";

/** Of these item ids, the ones that are the customer's items linked in this shop, with their SKU. */
export async function matchedItemsAmong(
  prisma: PrismaClient,
  shopId: string,
  customerId: string,
  itemIds: readonly string[],
): Promise<{ itemId: string; sku: string }[]> {
  const out: { itemId: string; sku: string }[] = [];
  for (const part of chunk([...new Set(itemIds)], 500)) {
    const rows = await prisma.itemLink.findMany({
      where: { shopId, itemId: { in: part }, item: { customerId } },
      select: { itemId: true, item: { select: { sku: true } } },
    });
    out.push(...rows.map((r) => ({ itemId: r.itemId, sku: r.item.sku })));
  }
  return out;
}
