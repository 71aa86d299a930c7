// Seeds a customer, a shop mapped to one Shopify location, items with stock at warehouse 1 and their
// links, with set-based inserts (fast enough for the benchmark's hundreds of thousands of items).
import type { PrismaClient } from "@prisma/client";
import type { ItemSyncSetting } from "../../app/domain/types";

export interface SeedWriterDbOptions {
  shopId: string;
  locationId: string;
  inventoryItemIds: readonly string[];
  quantity: (i: number) => number;
  syncSetting?: (i: number) => ItemSyncSetting;
}

export async function seedWriterDb(prisma: PrismaClient, o: SeedWriterDbOptions): Promise<{ customerId: string; itemIds: string[] }> {
  const customer = await prisma.customer.create({ data: { whiplashCustomerId: 4242, name: "Bench Co", defaultSyncSetting: "ALWAYS" } });
  await prisma.shop.create({ data: { id: o.shopId, customerId: customer.id, syncEnabled: true, defaultLocationId: o.locationId } });
  const itemIds = o.inventoryItemIds.map((_, i) => `item-${String(i).padStart(7, "0")}`);
  const CHUNK = 5000;
  for (let start = 0; start < itemIds.length; start += CHUNK) {
    const range = itemIds.slice(start, start + CHUNK).map((id, k) => ({ id, i: start + k }));
    await prisma.$transaction([
      prisma.item.createMany({
        data: range.map(({ id, i }) => ({
          id,
          customerId: customer.id,
          whiplashItemId: 100000 + i,
          sku: `SKU-${i}`,
          receivedTotal: 1,
          processOrders: true,
          syncSetting: o.syncSetting?.(i) ?? "ALWAYS",
        })),
      }),
      prisma.itemWarehouseStock.createMany({ data: range.map(({ id, i }) => ({ itemId: id, warehouseId: 1, sellable: o.quantity(i) })) }),
      prisma.itemLink.createMany({
        data: range.map(({ id, i }) => ({
          shopId: o.shopId,
          itemId: id,
          productId: `gid://shopify/Product/${i}`,
          variantId: `gid://shopify/ProductVariant/${i}`,
          inventoryItemId: o.inventoryItemIds[i],
          tracked: true,
        })),
      }),
    ]);
  }
  return { customerId: customer.id, itemIds };
}
