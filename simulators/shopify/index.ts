// The Shopify simulator: a local stand-in for Shopify's Admin API (token exchange, GraphQL with cost
// and throttling, inventory, saved searches, bulk operations), the admin host page that embeds the app,
// an App Bridge stand-in and signed webhooks. See README.md for endpoints and behaviour choices.
import type { PlaceOrderInput, SimOrder } from "./orders";
import type { AddressInfo } from "node:net";
import { PLAN_LIMITS, type Clock, type Plan } from "./bucket";
import { SimControl, type InventoryRow, type MerchantSetInput } from "./control";
import { DEFAULT_COST_MODEL, type CostModel } from "./cost";
import { FaultInjector, type ActiveFault, type FaultRule } from "./faults";
import type { Runtime } from "./runtime";
import { buildExecutableSchema } from "./schema";
import { seedShop } from "./seed";
import { createSimServer } from "./server";
import { mintSessionToken } from "./session-token";
import { createShop, createSimState, shopName, type ShopState, type SimState, type WebhookDelivery } from "./state";
import { WebhookSender } from "./webhooks";

export type { Plan } from "./bucket";
export type { SimState, ShopState, WebhookDelivery } from "./state";
export type { FaultRule } from "./faults";
export type { CostModel } from "./cost";
export type { InventoryRow, MerchantSetInput } from "./control";
export { PLAN_LIMITS };

export const DEFAULT_SHOP = "whiplash-demo.myshopify.com";

export interface ShopifySimOptions {
  port?: number; // 0 or undefined = random free port on 127.0.0.1
  apiKey: string;
  apiSecret: string; // session tokens are HS256 JWTs signed with apiSecret, aud = apiKey
  appUrl: string; // where the embedded app runs (admin iframe, webhooks)
  plan?: Plan; // default plan for shops (default Standard)
  latencyMs?: number; // added to every Admin API call (default 0)
  seed?: { shop?: string; products?: number; locations?: number } | false; // default: whiplash-demo, 300 products
  // ---- beyond the shared contract (all optional) ----
  /** Clock for the leaky buckets, in ms (default Date.now); inject a fake one to test without sleeping. */
  now?: Clock;
  /** Scopes granted in token exchanges (default: the app's local default scopes). */
  scopes?: string;
  /** Whether shops send webhooks to the app (default false; switch per shop at runtime). */
  webhooks?: boolean;
  /** Topic -> path (or absolute URL) for webhook deliveries; default /webhooks/<topic>. */
  webhookPaths?: Record<string, string>;
  /** Delay before a bulk operation starts (default 0 = next tick). */
  bulkOperationDelayMs?: number;
  /** Cost model overrides (mutation cost, per-quantity term for inventorySetQuantities, max query cost). */
  cost?: Partial<CostModel>;
  /** Seed of the PRNG behind probabilistic faults (default 1). */
  faultSeed?: number;
}

export interface ShopifySim {
  url: string;
  state: SimState;
  mintSessionToken(shop: string, opts?: { expiresInSeconds?: number; sub?: string }): Promise<string>;
  close(): Promise<void>;
  // ---- beyond the shared contract ----
  /** The default (seeded) shop's domain, or null when seed is false. */
  defaultShop: string | null;
  shop(domain?: string): ShopState;
  createShop(domain: string, opts?: { products?: number; locations?: number; plan?: Plan; webhooks?: boolean }): ShopState;
  setPlan(shop: string, plan: Plan): void;
  setLatency(latencyMs: number, shop?: string): void;
  setCostModel(model: Partial<CostModel>): CostModel;
  addFault(rule: FaultRule): ActiveFault;
  clearFaults(): void;
  setWebhooks(shop: string, enabled: boolean): void;
  /** Adds `count` tracked variants stocked at the app location; returns their inventory item gids. */
  addVariants(shop: string, count: number, opts?: { available?: number; locationId?: string | number }): string[];
  /** A merchant edits a quantity in the admin; sends inventory_levels/update when webhooks are on. */
  merchantSetQuantity(shop: string, input: MerchantSetInput): Promise<InventoryRow & { delta: number; webhook: WebhookDelivery | null }>;
  sendWebhook(shop: string, topic: string, payload: unknown): Promise<WebhookDelivery>;
  /** A customer orders (available -> committed, orders/create); null when more than available is asked. */
  placeOrder(shop: string, input: PlaceOrderInput): Promise<SimOrder | null>;
  /** Cancels and restocks an order (orders/cancelled). */
  cancelOrder(shop: string, orderId: number): Promise<SimOrder | null>;
  /** The shop's orders so far. */
  orders(shop: string): SimOrder[];
  inventoryLevels(shop: string, filter?: { locationId?: string | number; sku?: string; offset?: number; limit?: number }): InventoryRow[];
  history(shop: string, inventoryItemId?: string | number): ReturnType<SimControl["history"]>;
  reset(opts?: { tokens?: boolean }): void;
  /** URL of the simulated admin page that embeds the app for a shop. */
  adminUrl(shop?: string): string;
  /** Resolves when all webhook deliveries started so far have finished. */
  webhooksIdle(): Promise<void>;
}

export async function startShopifySimulator(opts: ShopifySimOptions): Promise<ShopifySim> {
  const state = createSimState();
  const seed = opts.seed === false ? false : { shop: opts.seed?.shop ?? DEFAULT_SHOP, products: opts.seed?.products ?? 300, locations: opts.seed?.locations ?? 2 };
  const initial = { latencyMs: opts.latencyMs ?? 0, costModel: { ...DEFAULT_COST_MODEL, ...opts.cost } };
  const runtime: Runtime = {
    state,
    apiKey: opts.apiKey,
    apiSecret: opts.apiSecret,
    appUrl: opts.appUrl,
    scopes: opts.scopes ?? "read_products,read_inventory,write_inventory,read_locations",
    defaultPlan: opts.plan ?? "Standard",
    seed,
    clock: opts.now ?? Date.now,
    baseUrl: "",
    latencyMs: initial.latencyMs,
    costModel: { ...initial.costModel },
    bulkDelayMs: opts.bulkOperationDelayMs ?? 0,
    webhooksByDefault: opts.webhooks ?? false,
    faults: new FaultInjector(opts.faultSeed ?? 1),
    webhooks: new WebhookSender(state, { appUrl: opts.appUrl, apiSecret: opts.apiSecret, paths: opts.webhookPaths ?? {}, timeoutMs: 5000 }),
    schema: buildExecutableSchema(),
    timers: new Set(),
    ensureShop(domain: string): ShopState {
      const existing = runtime.state.shops.get(domain);
      if (existing) return existing;
      const shop = createShop(runtime.state, domain, runtime.defaultPlan, runtime.clock);
      shop.webhooksEnabled = runtime.webhooksByDefault;
      // The seeded shop gets the configured catalog; shops first seen later get the same-sized one
      // (or an empty catalog when seeding is off).
      seedShop(runtime.state, shop, seed ? { products: seed.products, locations: seed.locations } : { products: 0, locations: 2 });
      if (seed && domain === seed.shop) runtime.state.defaultShop = domain;
      return shop;
    },
  };
  // WebhookSender keeps a reference to the state object, which reset() mutates in place.
  if (seed) runtime.ensureShop(seed.shop);
  const control = new SimControl(runtime);
  const { server, hanging } = createSimServer(runtime, control, initial);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  runtime.baseUrl = `http://127.0.0.1:${port}`;

  const domainOr = (shop?: string) => shop ?? runtime.state.defaultShop ?? [...runtime.state.shops.keys()][0] ?? "";

  return {
    url: runtime.baseUrl,
    state,
    get defaultShop() {
      return runtime.state.defaultShop;
    },
    mintSessionToken: (shop, o) => mintSessionToken(shop, opts.apiKey, opts.apiSecret, o),
    shop: (domain) => control.shop(domainOr(domain)),
    createShop: (domain, o) => control.createShop(domain, o),
    setPlan: (shop, plan) => control.setPlan(shop, plan),
    setLatency: (ms, shop) => control.setLatency(ms, shop),
    setCostModel: (model) => control.setCostModel(model),
    addFault: (rule) => control.addFault(rule),
    clearFaults: () => control.clearFaults(),
    setWebhooks: (shop, enabled) => control.setWebhooks(shop, enabled),
    addVariants: (shop, count, o) => control.addVariants(shop, count, o).map((id) => `gid://shopify/InventoryItem/${id}`),
    merchantSetQuantity: async (shop, input) => {
      const result = control.merchantSetQuantity(shop, input);
      return { ...result.row, delta: result.delta, webhook: result.webhook ? await result.webhook : null };
    },
    sendWebhook: (shop, topic, payload) => runtime.webhooks.send(shop, topic, payload),
    placeOrder: async (shop, input) => {
      const placed = control.placeOrder(shop, input);
      if (placed) await Promise.all(placed.webhooks);
      return placed?.order ?? null;
    },
    cancelOrder: async (shop, orderId) => {
      const cancelled = control.cancelOrder(shop, orderId);
      if (cancelled) await Promise.all(cancelled.webhooks);
      return cancelled?.order ?? null;
    },
    orders: (shop) => control.orders.list(shop),
    inventoryLevels: (shop, filter) => control.inventoryLevels(shop, filter).rows,
    history: (shop, itemId) => control.history(shop, itemId),
    reset: (o) => control.reset(o, initial),
    adminUrl: (shop) => `${runtime.baseUrl}/store/${shopName(domainOr(shop))}/apps/${opts.apiKey}`,
    webhooksIdle: () => runtime.webhooks.idle(),
    close: async () => {
      for (const timer of runtime.timers) clearTimeout(timer);
      runtime.timers.clear();
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await runtime.webhooks.idle();
    },
  };
}
