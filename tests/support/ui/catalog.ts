// Seeds a shop, its Whiplash customer and matched items straight into a test database.
import type { PrismaClient } from "@prisma/client";
import type { ItemSyncSetting, ProcessOrdersSetBy } from "../../../app/domain";

export const LOCATION = "gid://shopify/Location/1";

export interface SeedItem {
  sku: string;
  title?: string;
  syncSetting?: ItemSyncSetting;
  processOrders?: boolean;
  processOrdersSetBy?: ProcessOrdersSetBy;
  received?: boolean;
  /** warehouseId -> sellable */
  stock?: Record<number, number>;
  tracked?: boolean;
  /** false: no ItemLink (unmatched) */
  linked?: boolean;
  /** Known Shopify quantity at LOCATION */
  known?: number | null;
  bufferOverride?: number | null;
}

export interface SeededShop {
  shopId: string;
  customerId: string;
  items: { id: string; sku: string; inventoryItemId: string }[];
}

let counter = 0;

export async function seedConnectedShop(
  prisma: PrismaClient,
  shopId: string,
  items: SeedItem[],
  options: { defaultSyncSetting?: "NEVER" | "ALWAYS" | "PROCESS_ORDERS_ONLY"; session?: boolean; defaultBuffer?: number } = {},
): Promise<SeededShop> {
  const n = ++counter;
  const customer = await prisma.customer.create({
    data: {
      whiplashCustomerId: Math.floor(Math.random() * 1e9),
      name: `Customer of ${shopId}`,
      defaultSyncSetting: options.defaultSyncSetting ?? "PROCESS_ORDERS_ONLY",
      defaultBuffer: options.defaultBuffer ?? 0,
    },
  });
  await prisma.shop.upsert({
    where: { id: shopId },
    create: { id: shopId, name: shopId, customerId: customer.id, defaultLocationId: LOCATION },
    update: { customerId: customer.id, defaultLocationId: LOCATION },
  });
  if (options.session !== false) {
    await prisma.session.upsert({
      where: { id: `offline_${shopId}` },
      create: {
        id: `offline_${shopId}`,
        shop: shopId,
        state: "",
        isOnline: false,
        accessToken: "shpat_test",
        scope: "read_products,read_inventory,write_inventory,read_locations",
        expires: new Date(Date.now() + 24 * 3600_000),
      },
      update: {},
    });
  }
  const out: SeededShop["items"] = [];
  let k = 0;
  for (const it of items) {
    k++;
    const item = await prisma.item.create({
      data: {
        customerId: customer.id,
        whiplashItemId: n * 100_000 + k,
        sku: it.sku,
        title: it.title ?? `Item ${it.sku}`,
        syncSetting: it.syncSetting ?? "CUSTOMER_DEFAULT",
        processOrders: it.processOrders ?? false,
        processOrdersSetBy: it.processOrdersSetBy ?? "IMPORT",
        receivedTotal: it.received ? 10 : 0,
        firstReceivedAt: it.received ? new Date("2026-01-01T00:00:00Z") : null,
        bufferOverride: it.bufferOverride ?? null,
        stock: { create: Object.entries(it.stock ?? { 1: 5 }).map(([w, q]) => ({ warehouseId: Number(w), sellable: q })) },
      },
    });
    const inventoryItemId = `gid://shopify/InventoryItem/${n * 100_000 + k}`;
    if (it.linked !== false) {
      await prisma.itemLink.create({
        data: {
          shopId,
          itemId: item.id,
          productId: `gid://shopify/Product/${n * 100_000 + k}`,
          variantId: `gid://shopify/ProductVariant/${n * 100_000 + k}`,
          inventoryItemId,
          productTitle: it.title ?? `Product ${it.sku}`,
          variantTitle: "Default Title",
          tracked: it.tracked ?? true,
        },
      });
      if (it.known !== undefined) {
        await prisma.shopifyLevel.create({
          data: { shopId, inventoryItemId, locationId: LOCATION, knownQuantity: it.known, knownAt: new Date() },
        });
      }
    }
    out.push({ id: item.id, sku: it.sku, inventoryItemId });
  }
  return { shopId, customerId: customer.id, items: out };
}
