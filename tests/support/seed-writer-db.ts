// Seeds a customer, a shop mapped to one Shopify location, items with stock at warehouse 1 and their
// links, with multi-row INSERTs (Prisma's createMany costs ~0.2 ms per row; the benchmark seeds 400k).
import { Prisma, type PrismaClient } from "@prisma/client";
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
  const now = new Date();
  const CHUNK = 500;
  for (let start = 0; start < itemIds.length; start += CHUNK) {
    const range = itemIds.slice(start, start + CHUNK).map((id, k) => ({ id, i: start + k }));
    const items = range.map(
      ({ id, i }) =>
        Prisma.sql`(${id}, ${customer.id}, ${100000 + i}, ${`SKU-${i}`}, 1, true, ${o.syncSetting?.(i) ?? "ALWAYS"}, ${now}, ${now})`,
    );
    const stock = range.map(({ id, i }) => Prisma.sql`(${id}, 1, ${o.quantity(i)})`);
    const links = range.map(
      ({ id, i }) =>
        Prisma.sql`(${`link-${id}`}, ${o.shopId}, ${id}, ${`gid://shopify/Product/${i}`}, ${`gid://shopify/ProductVariant/${i}`}, ${o.inventoryItemIds[i]}, true, ${now}, ${now})`,
    );
    await prisma.$transaction([
      prisma.$executeRaw`INSERT INTO "Item" ("id", "customerId", "whiplashItemId", "sku", "receivedTotal", "processOrders", "syncSetting", "createdAt", "updatedAt") VALUES ${Prisma.join(items)}`,
      prisma.$executeRaw`INSERT INTO "ItemWarehouseStock" ("itemId", "warehouseId", "sellable") VALUES ${Prisma.join(stock)}`,
      prisma.$executeRaw`INSERT INTO "ItemLink" ("id", "shopId", "itemId", "productId", "variantId", "inventoryItemId", "tracked", "createdAt", "updatedAt") VALUES ${Prisma.join(links)}`,
    ]);
  }
  return { customerId: customer.id, itemIds };
}
