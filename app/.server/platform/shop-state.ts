// Loads what the domain core needs to decide for a shop's linked items (ShopPrefs, CustomerPrefs,
// ItemState, ItemLinkState) plus what we know of Shopify's levels. Read-only.
// (The writer has its own loader behind WriterStore; this one adds the link and level details the
// platform's drift, reconciliation and extension views need.)
import type { Prisma, PrismaClient } from "@prisma/client";
import type { CustomerPrefs, ItemState, ShopPrefs } from "../../domain/types";

const COMPLETED_STATUS = 300;

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
  };
  item: ItemState;
  /** What we last knew Shopify shows / what we last wrote, by location id. */
  known: Record<string, number | null>;
  written: Record<string, number | null>;
}

export async function loadShopContext(prisma: PrismaClient, shopId: string): Promise<ShopContext | null> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId }, include: { warehouses: true, customer: true } });
  if (!shop) return null;
  const c = shop.customer;
  return {
    shopId,
    uninstalled: shop.uninstalledAt !== null,
    prefs: {
      syncEnabled: shop.syncEnabled,
      defaultLocationId: shop.defaultLocationId,
      warehouseLocations: Object.fromEntries(shop.warehouses.map((w) => [w.warehouseId, w.locationId])),
    },
    customer: c
      ? {
          id: c.id,
          defaultSyncSetting: c.defaultSyncSetting,
          processOrdersMode: c.processOrdersMode,
          defaultBuffer: c.defaultBuffer,
          driftPolicy: c.driftPolicy,
        }
      : null,
  };
}

const itemInclude = {
  stock: true,
  shipLines: { include: { shipNotice: { select: { whiplashId: true, warehouseId: true, status: true } } } },
} satisfies Prisma.ItemInclude;

type ItemRow = Prisma.ItemGetPayload<{ include: typeof itemInclude }>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toItemState(row: ItemRow): ItemState {
  return {
    whiplashItemId: row.whiplashItemId,
    sku: row.sku,
    sellableByWarehouse: Object.fromEntries(row.stock.map((s) => [s.warehouseId, s.sellable])),
    receivedTotal: row.receivedTotal,
    firstReceivedAt: iso(row.firstReceivedAt),
    processOrders: row.processOrders,
    processOrdersSetBy: row.processOrdersSetBy,
    syncSetting: row.syncSetting,
    bufferOverride: row.bufferOverride,
    lastEventAt: iso(row.lastEventAt),
    processOrdersEventAt: iso(row.processOrdersEventAt),
    settingsEventAt: iso(row.settingsEventAt),
    shipLines: row.shipLines.map((l) => ({
      shipNoticeId: l.shipNotice.whiplashId,
      lineId: l.whiplashLineId,
      warehouseId: l.shipNotice.warehouseId,
      expected: l.expected,
      receivedGood: l.receivedGood,
      damaged: l.damaged,
      publish: l.publish,
      completed: l.shipNotice.status >= COMPLETED_STATUS,
      lastEventAt: iso(l.lastEventAt),
    })),
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
    include: { item: { include: itemInclude } },
    orderBy: { id: "asc" },
    ...(page.take ? { take: page.take } : {}),
  });
  if (links.length === 0) return [];
  const levels = await prisma.shopifyLevel.findMany({
    where: { shopId, inventoryItemId: { in: links.map((l) => l.inventoryItemId) } },
  });
  const byItem = new Map<string, typeof levels>();
  for (const level of levels) byItem.set(level.inventoryItemId, [...(byItem.get(level.inventoryItemId) ?? []), level]);
  return links.map((l) => {
    const mine = byItem.get(l.inventoryItemId) ?? [];
    return {
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
      },
      item: toItemState(l.item),
      known: Object.fromEntries(mine.map((x) => [x.locationId, x.knownQuantity])),
      written: Object.fromEntries(mine.map((x) => [x.locationId, x.writtenQuantity])),
    };
  });
}
