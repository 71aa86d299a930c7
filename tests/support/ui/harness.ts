// Route tests of the merchant UI: the real route modules, authenticate.admin with real session tokens (HS256
// JWTs minted with the app secret, token exchange against the Shopify simulator on a free port), and a
// fresh test database. The environment is set before the first app module is imported (dynamic imports).
import type { PrismaClient } from "@prisma/client";
import { createTestDb, type TestDb } from "../test-db";
import { startShopifySimulator, type ShopifySim } from "../../../simulators/shopify";
import { LOCAL_DEFAULTS } from "../../../simulators/shared/local-defaults";

export const SHOP_A = "ui-shop-a.myshopify.com";
export const SHOP_B = "ui-shop-b.myshopify.com";
export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;
export interface RouteModule {
  loader?: RouteFn;
  action?: RouteFn;
}

export interface UiHarness {
  db: TestDb;
  prisma: PrismaClient;
  sim: ShopifySim;
  request(shop: string, path: string, init?: { method?: string; form?: Record<string, string> }): Promise<Request>;
  call(mod: RouteModule, kind: "loader" | "action", request: Request, params?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startUiHarness(): Promise<UiHarness> {
  const db = await createTestDb();
  const sim = await startShopifySimulator({
    apiKey: LOCAL_DEFAULTS.SHOPIFY_API_KEY,
    apiSecret: LOCAL_DEFAULTS.SHOPIFY_API_SECRET,
    appUrl: "http://127.0.0.1:9",
    seed: { shop: SHOP_A, products: 40, locations: 2 },
  });
  sim.createShop(SHOP_B, { products: 15 });
  process.env.DATABASE_URL = db.url;
  process.env.SHOPIFY_ADMIN_BASE_URL = sim.url;
  process.env.SHOPIFY_API_KEY = LOCAL_DEFAULTS.SHOPIFY_API_KEY;
  process.env.SHOPIFY_API_SECRET = LOCAL_DEFAULTS.SHOPIFY_API_SECRET;
  // db.server.ts reuses globalThis.__prisma outside production: hand it the test database's client.
  (globalThis as { __prisma?: PrismaClient }).__prisma = db.prisma;
  return {
    db,
    prisma: db.prisma,
    sim,
    async request(shop, path, init = {}) {
      const token = await sim.mintSessionToken(shop);
      const headers = new Headers({ Authorization: `Bearer ${token}`, "User-Agent": BROWSER_UA });
      let body: URLSearchParams | undefined;
      if (init.form) {
        body = new URLSearchParams(init.form);
        headers.set("Content-Type", "application/x-www-form-urlencoded");
      }
      return new Request(new URL(path, "http://127.0.0.1:3000"), { method: init.method ?? (init.form ? "POST" : "GET"), headers, body });
    },
    async call(mod, kind, request, params = {}) {
      const fn = mod[kind];
      if (!fn) throw new Error(`route has no ${kind}`);
      try {
        const result = await fn({ request, params, context: {} });
        if (result instanceof Response) return result;
        // Remix's data() helper: { type: "DataWithResponseInit", data, init }
        const r = result as { type?: string; data?: unknown; init?: { status?: number } | null };
        if (r && r.type === "DataWithResponseInit") return Response.json(r.data, { status: r.init?.status ?? 200 });
        return Response.json(result);
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    },
    async close() {
      await sim.close();
      await db.drop();
    },
  };
}

export interface LinkedCatalog {
  customerId: string;
  locationId: string;
  items: { id: string; sku: string; inventoryItemId: string; variantId: string }[];
}

/**
 * Connects the shop to a new Whiplash customer and gives every tracked variant of its first `products`
 * products an item with stock at warehouse 1, linked as SKU matching would (what the import leaves).
 */
export async function seedLinkedCatalog(
  prisma: PrismaClient,
  sim: ShopifySim,
  shop: string,
  options: { products?: number; sellable?: number; processOrders?: boolean; defaultSyncSetting?: "NEVER" | "ALWAYS" | "PROCESS_ORDERS_ONLY" } = {},
): Promise<LinkedCatalog> {
  const state = sim.shop(shop);
  const locationId = `gid://shopify/Location/${[...state.locations.values()][0].id}`;
  const customer = await prisma.customer.create({
    data: { whiplashCustomerId: Math.floor(Math.random() * 1e9), name: `Customer of ${shop}`, defaultSyncSetting: options.defaultSyncSetting ?? "PROCESS_ORDERS_ONLY" },
  });
  await prisma.shop.upsert({
    where: { id: shop },
    create: { id: shop, name: state.name, customerId: customer.id, defaultLocationId: locationId },
    update: { customerId: customer.id, defaultLocationId: locationId },
  });
  const items: LinkedCatalog["items"] = [];
  let n = 0;
  for (const product of state.productList.slice(0, options.products ?? 10)) {
    for (const variantId of product.variantIds) {
      const v = state.variants.get(variantId)!;
      if (!v.sku || !v.tracked) continue;
      n++;
      const item = await prisma.item.create({
        data: {
          customerId: customer.id,
          whiplashItemId: n,
          sku: v.sku,
          title: product.title,
          processOrders: options.processOrders ?? true,
          receivedTotal: 5,
          firstReceivedAt: new Date("2026-01-01T00:00:00Z"),
          stock: { create: [{ warehouseId: 1, sellable: options.sellable ?? 7 }] },
        },
      });
      const ids = {
        variantId: `gid://shopify/ProductVariant/${v.id}`,
        inventoryItemId: `gid://shopify/InventoryItem/${v.inventoryItemId}`,
      };
      await prisma.itemLink.create({
        data: {
          shopId: shop,
          itemId: item.id,
          productId: `gid://shopify/Product/${product.id}`,
          ...ids,
          productTitle: product.title,
          variantTitle: v.title,
          tracked: true,
        },
      });
      items.push({ id: item.id, sku: v.sku, ...ids });
    }
  }
  return { customerId: customer.id, locationId, items };
}
