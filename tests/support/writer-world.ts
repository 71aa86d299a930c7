// A shop writer wired to the Shopify simulator over real HTTP (random port), with an in-memory store:
// the pieces the writer integration tests (and the writer benchmark) share.
import { startShopifySimulator, type Plan } from "../../simulators/shopify";
import { BudgetRegistry } from "../../app/.server/shopify/budget-registry";
import { backgroundAdminClient } from "../../app/.server/wiring/background-admin-client";
import { CostCalibration } from "../../app/.server/shopify/cost-calibration";
import type { RetryPolicy } from "../../app/.server/shopify/admin-client";
import type { LeaseStore } from "../../app/.server/db/leases";
import { memoryLeases } from "./memory-leases";
import { MemoryWriterStore } from "./memory-writer-store";
import { runShopWriter, type ShopWriterDeps } from "../../app/.server/sync/writer/shop-writer";
import type { WriterSettings } from "../../app/.server/sync/writer/writer-settings";
import type { ItemState, SyncTrigger } from "../../app/domain/types";

export const API_KEY = "writer-test-key";
export const API_SECRET = "writer-test-secret";
const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";

export type Sim = Awaited<ReturnType<typeof startShopifySimulator>>;

/** Exchanges a session token for an offline access token, as the app does on install. */
export async function offlineToken(sim: Sim, shop: string): Promise<string> {
  const response = await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-shop-domain": shop },
    body: JSON.stringify({
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: await sim.mintSessionToken(shop),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    }),
  });
  if (!response.ok) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function itemState(sellableByWarehouse: Record<number, number>): ItemState {
  return {
    whiplashItemId: 1,
    sku: "SKU",
    sellableByWarehouse,
    receivedTotal: 1,
    firstReceivedAt: "2026-01-01T00:00:00.000Z",
    processOrders: true,
    processOrdersSetBy: "AUTOMATION",
    syncSetting: "ALWAYS",
    bufferOverride: null,
    lastEventAt: null,
    shipLines: [],
  };
}

export interface WorldOptions {
  plan?: Plan;
  latencyMs?: number;
  items: number;
  shop?: string;
  /** Per-attempt timeout of the Admin client (tests of timeouts make it short). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  sim?: Sim;
}

/** Warehouse 1 publishes to the app location (the shop's first), warehouse 2 to the shop's own location. */
export class WriterWorld {
  readonly calibration = new CostCalibration();
  readonly budgets = new BudgetRegistry();
  readonly leases: LeaseStore = memoryLeases();
  readonly wanted = new Map<string, number>();
  private ownsSim = false;

  private constructor(
    readonly sim: Sim,
    readonly shop: string,
    readonly token: string,
    readonly store: MemoryWriterStore,
    readonly appLocation: string,
    readonly shopLocation: string,
    readonly inventoryItemIds: string[],
    private readonly options: WorldOptions,
  ) {}

  static async start(options: WorldOptions): Promise<WriterWorld> {
    const sim =
      options.sim ??
      (await startShopifySimulator({
        port: 0,
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        appUrl: "http://127.0.0.1:9",
        plan: options.plan ?? "Standard",
        latencyMs: options.latencyMs ?? 0,
        seed: false,
      }));
    const shop = options.shop ?? "writer-test.myshopify.com";
    const shopState = sim.createShop(shop, { products: 0, locations: 2, plan: options.plan ?? "Standard" });
    const [appLocationId, shopLocationId] = [...shopState.locations.keys()];
    const appLocation = `gid://shopify/Location/${appLocationId}`;
    const shopLocation = `gid://shopify/Location/${shopLocationId}`;
    const inventoryItemIds = options.items > 0 ? sim.addVariants(shop, options.items, { available: 0 }) : [];
    const token = await offlineToken(sim, shop);
    const store = new MemoryWriterStore(
      shop,
      { syncEnabled: true, defaultLocationId: appLocation, warehouseLocations: { 2: shopLocation } },
      { defaultSyncSetting: "PROCESS_ORDERS_ONLY", processOrdersMode: "ON_RECEIPT_OFF_AT_SELLOUT", defaultBuffer: 0 },
    );
    inventoryItemIds.forEach((inventoryItemId, i) => {
      store.items.set(itemId(i), { customerId: store.customerId, item: itemState({ 1: 0 }), link: { inventoryItemId, tracked: true } });
    });
    const world = new WriterWorld(sim, shop, token, store, appLocation, shopLocation, inventoryItemIds, options);
    world.ownsSim = !options.sim;
    return world;
  }

  client() {
    return backgroundAdminClient(this.shop, {
      token: { get: async () => this.token },
      baseUrl: this.sim.url,
      budgets: this.budgets,
      calibration: this.calibration,
      timeoutMs: this.options.timeoutMs ?? 10_000,
      retry: { baseMs: 20, maxMs: 200, ...this.options.retry },
    });
  }

  /** The warehouse now has `quantity` of item i at warehouse 1 (or another): queue its sync. */
  setWanted(i: number, quantity: number, opts: { warehouse?: number; trigger?: SyncTrigger; at?: Date } = {}): void {
    const warehouse = opts.warehouse ?? 1;
    const entry = this.store.items.get(itemId(i))!;
    entry.item = itemState({ ...entry.item.sellableByWarehouse, [warehouse]: quantity });
    const locationId = warehouse === 2 ? this.shopLocation : this.appLocation;
    this.wanted.set(`${this.inventoryItemIds[i]}|${locationId}`, quantity);
    this.store.upsertPending(
      [{ shopId: this.shop, itemId: itemId(i), locationId, wanted: quantity, trigger: opts.trigger ?? "WEBHOOK" }],
      opts.at,
    );
  }

  writer(overrides: Partial<ShopWriterDeps> & { settings?: Partial<WriterSettings> } = {}) {
    const client = overrides.client ?? this.client();
    return runShopWriter({
      shop: this.shop,
      client,
      budget: this.budgets.forShop(this.shop),
      store: this.store,
      leases: this.leases,
      owner: "writer-a",
      ...overrides,
      settings: { lingerMs: 0, pollMs: 5, maxHoldMs: 0, ...overrides.settings },
    });
  }

  /** Shopify's `available` for inventory item i at a location (undefined: not stocked there). */
  available(i: number, locationId = this.appLocation): number | undefined {
    const numeric = Number(this.inventoryItemIds[i].split("/").pop());
    const level = this.sim.shop(this.shop).inventoryItems.get(numeric)?.levels.find((l) => `gid://shopify/Location/${l.locationId}` === locationId);
    return level?.available;
  }

  /** (inventory item, location) pairs whose Shopify quantity differs from the last wanted one. */
  mismatches(): string[] {
    const out: string[] = [];
    for (const [pair, quantity] of this.wanted) {
      const [inventoryItemId, locationId] = pair.split("|");
      const i = this.inventoryItemIds.indexOf(inventoryItemId);
      if (this.available(i, locationId) !== quantity) out.push(pair);
    }
    return out;
  }

  history() {
    return this.sim.shop(this.shop).history;
  }

  counters() {
    return this.sim.shop(this.shop).counters;
  }

  async close(): Promise<void> {
    if (this.ownsSim) await this.sim.close();
  }
}

export function itemId(i: number): string {
  return `item-${String(i).padStart(6, "0")}`;
}
