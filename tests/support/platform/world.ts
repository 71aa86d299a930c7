// Seeds our database with a shop connected to a Whiplash customer whose items match variants of the
// Shopify simulator's catalogue (as matching would have left them).
import type { PrismaClient } from "@prisma/client";
import type { ShopifySim } from "../../../simulators/shopify";

export interface SeededVariant {
  variantId: string;
  inventoryItemId: string;
  sku: string;
  title: string;
  itemId: string | null;
}

export interface SeededProduct {
  productId: string;
  variants: SeededVariant[];
}

export interface World {
  shop: string;
  customerId: string;
  locationId: string;
  products: SeededProduct[];
}

export interface WorldOptions {
  /** Products to match (their variants get items), taken from the simulator's multi-variant products. */
  products?: number;
  /** Leave the last variant of each product without an item (unmatched). */
  leaveUnmatched?: boolean;
  driftPolicy?: "CORRECT" | "FLAG";
  syncSetting?: "ALWAYS" | "NEVER" | "PROCESS_ORDERS_ONLY" | "CUSTOMER_DEFAULT";
  /** Warehouse 1 sellable units per item. */
  sellable?: number;
}

export async function seedWorld(prisma: PrismaClient, sim: ShopifySim, shop: string, options: WorldOptions = {}): Promise<World> {
  const state = sim.shop(shop);
  const appLocation = [...state.locations.values()][0];
  const locationId = `gid://shopify/Location/${appLocation.id}`;
  const customer = await prisma.customer.create({
    data: { whiplashCustomerId: Math.floor(Math.random() * 1e9), name: shop, driftPolicy: options.driftPolicy ?? "CORRECT" },
  });
  await prisma.shop.create({ data: { id: shop, name: state.name, customerId: customer.id, defaultLocationId: locationId } });
  const picked = state.productList
    .filter((p) => p.variantIds.length >= 2 && p.variantIds.every((v) => state.variants.get(v)!.tracked))
    .slice(0, options.products ?? 1);
  const products: SeededProduct[] = [];
  let whiplashId = 1000;
  for (const product of picked) {
    const variants: SeededVariant[] = [];
    for (const [index, variantId] of product.variantIds.entries()) {
      const v = state.variants.get(variantId)!;
      const seeded: SeededVariant = {
        variantId: `gid://shopify/ProductVariant/${v.id}`,
        inventoryItemId: `gid://shopify/InventoryItem/${v.inventoryItemId}`,
        sku: v.sku!,
        title: v.title,
        itemId: null,
      };
      if (!(options.leaveUnmatched && index === product.variantIds.length - 1)) {
        const item = await prisma.item.create({
          data: {
            customerId: customer.id,
            whiplashItemId: whiplashId++,
            sku: v.sku!,
            title: `${product.title} ${v.title}`,
            syncSetting: options.syncSetting ?? "ALWAYS",
            receivedTotal: 10,
            processOrders: true,
            stock: { create: { warehouseId: 1, sellable: options.sellable ?? 25 } },
          },
        });
        await prisma.itemLink.create({
          data: {
            shopId: shop,
            itemId: item.id,
            productId: `gid://shopify/Product/${product.id}`,
            variantId: seeded.variantId,
            inventoryItemId: seeded.inventoryItemId,
            productTitle: product.title,
            variantTitle: v.title,
          },
        });
        seeded.itemId = item.id;
      }
      variants.push(seeded);
    }
    products.push({ productId: `gid://shopify/Product/${product.id}`, variants });
  }
  return { shop, customerId: customer.id, locationId, products };
}
