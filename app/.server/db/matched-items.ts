// A shop's matched items (an ItemLink of the shop to an Item of its customer): what a person in that shop
// may act on. An id from another shop's catalog is not one of them, whatever the customer.
import type { PrismaClient } from "@prisma/client";
import type { ConnectedScope } from "./shop-scope";

type Scope = Pick<ConnectedScope, "shopId"> & { customer: { id: string } };

export async function isMatchedItem(prisma: PrismaClient, scope: Scope, itemId: string): Promise<boolean> {
  const link = await prisma.itemLink.findFirst({
    where: { shopId: scope.shopId, itemId, item: { customerId: scope.customer.id } },
    select: { id: true },
  });
  return link !== null;
}

/** Of these item ids, the ones that are matched items of this shop (a selection posted by the browser). */
export async function ownItemIds(prisma: PrismaClient, scope: Scope, itemIds: readonly string[]): Promise<{ itemId: string; sku: string }[]> {
  const out: { itemId: string; sku: string }[] = [];
  const unique = [...new Set(itemIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const rows = await prisma.itemLink.findMany({
      where: { shopId: scope.shopId, itemId: { in: part }, item: { customerId: scope.customer.id } },
      select: { itemId: true, item: { select: { sku: true } } },
    });
    out.push(...rows.map((r) => ({ itemId: r.itemId, sku: r.item.sku })));
  }
  return out;
}

/** The matched items of the shop mapped from inventory item ids (a Shopify bulk read of variants). */
export async function matchedByInventoryItem(
  prisma: PrismaClient,
  scope: Scope,
  inventoryItemIds: readonly string[],
): Promise<Map<string, { itemId: string; sku: string }>> {
  const links = await prisma.itemLink.findMany({
    where: { shopId: scope.shopId, inventoryItemId: { in: [...inventoryItemIds] }, item: { customerId: scope.customer.id } },
    select: { itemId: true, inventoryItemId: true, item: { select: { sku: true } } },
  });
  return new Map(links.map((l) => [l.inventoryItemId, { itemId: l.itemId, sku: l.item.sku }]));
}

/** The shop's matched item ids in id order, `take` at a time after `after` (keyset: a resync of every item). */
export async function matchedItemIdsAfter(prisma: PrismaClient, scope: Scope, after: string | null, take: number): Promise<string[]> {
  const rows = await prisma.itemLink.findMany({
    where: { shopId: scope.shopId, item: { customerId: scope.customer.id }, ...(after !== null ? { itemId: { gt: after } } : {}) },
    orderBy: { itemId: "asc" },
    take,
    select: { itemId: true },
  });
  return rows.map((r) => r.itemId);
}
