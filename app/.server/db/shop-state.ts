// Loads what the domain core needs to decide for a shop's linked items (ShopPrefs, CustomerPrefs,
// ItemState, ItemLinkState) plus what we know of Shopify's levels, with the link details the platform's
// drift, reconciliation and extension views need. Read-only; row mapping comes from the repositories.
import type { Prisma, PrismaClient } from "@prisma/client";
import type { CustomerPrefs, ItemState, ShopPrefs } from "../../domain/types";
import { toCustomerPrefs } from "./customers";
import { unitsInFlightByItem } from "./in-flight-orders";
import { loadItemStates } from "./items";
import { toShopPrefs } from "./shops";

export interface ShopContext {
  shopId: string;
  uninstalled: boolean;
  prefs: ShopPrefs;
  /** null: the shop is not connected to a Whiplash customer yet. */
  customer: (CustomerPrefs & { id: string; driftPolicy: "CORRECT" | "FLAG" }) | null;
}

export interface LinkedItem {
  itemId: string;
  sku: string;
  link: {
    id: string;
    productId: string;
    variantId: string;
    inventoryItemId: string;
    tracked: boolean;
    variantTitle: string;
    driftDetectedAt: Date | null;
    /** Units of open Shopify orders Whiplash has not imported yet, by location (rule 3.9). */
    unitsInFlight?: Record<string, number>;
  };
  item: ItemState;
  /** What we last knew Shopify shows (and since when) / what we last wrote, by location id. */
  known: Record<string, number | null>;
  knownAt: Record<string, Date | null>;
  written: Record<string, number | null>;
}

export async function loadShopContext(prisma: PrismaClient, shopId: string): Promise<ShopContext | null> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId }, include: { warehouses: true, customer: true } });
  if (!shop) return null;
  const c = shop.customer;
  return {
    shopId,
    uninstalled: shop.uninstalledAt !== null,
    prefs: toShopPrefs(shop, shop.warehouses),
    customer: c ? { ...toCustomerPrefs(c), id: c.id, driftPolicy: c.driftPolicy } : null,
  };
}

/** Linked items of a shop matching `where` (e.g. { productId }, { inventoryItemId: { in } }), ordered by link id. */
export async function loadLinkedItems(
  prisma: PrismaClient,
  shopId: string,
  where: Prisma.ItemLinkWhereInput = {},
  page: { take?: number; afterLinkId?: string } = {},
): Promise<LinkedItem[]> {
  const links = await prisma.itemLink.findMany({
    where: { ...where, shopId, ...(page.afterLinkId ? { id: { gt: page.afterLinkId } } : {}) },
    include: { item: { select: { sku: true } } },
    orderBy: { id: "asc" },
    ...(page.take ? { take: page.take } : {}),
  });
  if (links.length === 0) return [];
  const items = await loadItemStates(prisma, links.map((l) => l.itemId));
  const levels = await prisma.shopifyLevel.findMany({
    where: { shopId, inventoryItemId: { in: links.map((l) => l.inventoryItemId) } },
  });
  const inFlight = await unitsInFlightByItem(prisma, shopId, links.map((l) => l.itemId));
  const byItem = new Map<string, typeof levels>();
  for (const level of levels) byItem.set(level.inventoryItemId, [...(byItem.get(level.inventoryItemId) ?? []), level]);
  return links.flatMap((l) => {
    const item = items.get(l.itemId);
    if (!item) return [];
    const mine = byItem.get(l.inventoryItemId) ?? [];
    const entry: LinkedItem = {
      itemId: l.itemId,
      sku: l.item.sku,
      link: {
        id: l.id,
        productId: l.productId,
        variantId: l.variantId,
        inventoryItemId: l.inventoryItemId,
        tracked: l.tracked,
        variantTitle: l.variantTitle,
        driftDetectedAt: l.driftDetectedAt,
        unitsInFlight: inFlight.get(l.itemId) ?? {},
      },
      item,
      known: Object.fromEntries(mine.map((x) => [x.locationId, x.knownQuantity])),
      knownAt: Object.fromEntries(mine.map((x) => [x.locationId, x.knownAt])),
      written: Object.fromEntries(mine.map((x) => [x.locationId, x.writtenQuantity])),
    };
    return [entry];
  });
}
