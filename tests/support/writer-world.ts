// A shop writer wired to the Shopify simulator over real HTTP (random port), with the app's Prisma store on
// a fresh test database (SQLite, or PostgreSQL in the postgres leg): the pieces the writer integration tests
// share (the benchmarks use its token helpers and itemState).
import { startShopifySimulator, type Plan } from "../../simulators/shopify";
import { BudgetRegistry } from "../../app/.server/shopify/budget-registry";
import { backgroundAdminClient } from "../../app/.server/wiring/background-admin-client";
import { CostCalibration } from "../../app/.server/shopify/cost-calibration";
import type { RetryPolicy } from "../../app/.server/shopify/admin-client";
import type { LeaseStore } from "../../app/.server/db/leases";
import { memoryLeases } from "./memory-leases";
import { createTestDb, type TestDb } from "./test-db";
import { seedWriterDb } from "./seed-writer-db";
import { dialectOf } from "../../app/.server/db/dialect";
import { upsertPendingSyncs } from "../../app/.server/db/pending-syncs";
import { PrismaWriterStore } from "../../app/.server/db/prisma-writer-store";
import type { SyncOutcome } from "../../app/.server/db/writer-store";
import { runShopWriter, type ShopWriterDeps } from "../../app/.server/sync/writer/shop-writer";
import type { WriterSettings } from "../../app/.server/sync/writer/writer-settings";
import type { ItemState, ItemSyncSetting, SyncTrigger } from "../../app/domain/types";

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

/**
 * The Prisma store, with hooks when a batch's outcomes start to be recorded (the answer has arrived) and
 * after they are stored. Tests stop a run there; recording runs beside the next call (shop-writer
 * recordLater), so on a slow database "after stored" can come several batches after the answer.
 */
export class ObservedPrismaStore extends PrismaWriterStore {
  onRecording?: (outcomes: SyncOutcome[]) => void;
  onRecorded?: (outcomes: SyncOutcome[], at: Date) => void;

  override async recordOutcomes(shopId: string, runId: string, outcomes: SyncOutcome[], at: Date): Promise<void> {
    this.onRecording?.(outcomes);
    await super.recordOutcomes(shopId, runId, outcomes, at);
    this.onRecorded?.(outcomes, at);
  }
}

export interface WantedChange {
  i: number;
  quantity: number;
  /** Warehouse 1 (default) publishes to the app location, warehouse 2 to the shop's own. */
  warehouse?: number;
  trigger?: SyncTrigger;
}

/**
 * Warehouse 1 publishes to the app location (the shop's default), warehouse 2 to the shop's own location.
 * Items start with 0 at warehouse 1, set to Always with Process Orders on.
 */
export class WriterWorld {
  readonly calibration = new CostCalibration();
  readonly budgets = new BudgetRegistry();
  readonly leases: LeaseStore = memoryLeases();
  readonly wanted = new Map<string, number>();
  private ownsSim = false;

  private constructor(
    readonly sim: Sim,
    readonly db: TestDb,
    readonly shop: string,
    readonly token: string,
    readonly store: ObservedPrismaStore,
    readonly appLocation: string,
    readonly shopLocation: string,
    readonly inventoryItemIds: string[],
    readonly itemIds: string[],
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
    const db = await createTestDb();
    const { itemIds } = await seedWriterDb(db.prisma, { shopId: shop, locationId: appLocation, inventoryItemIds, quantity: () => 0 });
    await db.prisma.warehouseLocation.create({ data: { shopId: shop, warehouseId: 2, locationId: shopLocation } });
    const store = new ObservedPrismaStore(db.prisma);
    const world = new WriterWorld(sim, db, shop, token, store, appLocation, shopLocation, inventoryItemIds, itemIds, options);
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

  itemId(i: number): string {
    return this.itemIds[i];
  }

  /** The warehouse now has `quantity` of item i at warehouse 1 (or another): store it and queue its sync. */
  async setWanted(i: number, quantity: number, opts: { warehouse?: number; trigger?: SyncTrigger } = {}): Promise<void> {
    await this.setWantedMany([{ i, quantity, ...opts }]);
  }

  /**
   * Several warehouse changes: stock first, then the pending rows (what event application does). Up to a
   * few hundred rows go through the app's upsertPendingSyncs; bigger set-ups (thousands of items) are
   * queued with one statement, as a fresh pending set (no earlier row to keep a trigger of).
   */
  async setWantedMany(changes: WantedChange[]): Promise<void> {
    const prisma = this.db.prisma;
    const d = dialectOf(prisma);
    const rows = changes.map((c) => {
      const warehouse = c.warehouse ?? 1;
      const locationId = warehouse === 2 ? this.shopLocation : this.appLocation;
      this.wanted.set(`${this.inventoryItemIds[c.i]}|${locationId}`, c.quantity);
      return { shopId: this.shop, itemId: this.itemId(c.i), locationId, warehouse, wanted: c.quantity, trigger: c.trigger ?? ("WEBHOOK" as const) };
    });
    for (let start = 0; start < rows.length; start += 5000) {
      const part = rows.slice(start, start + 5000);
      const stock = JSON.stringify(part.map((r) => [r.itemId, r.warehouse, r.wanted]));
      await prisma.$executeRaw`INSERT INTO "ItemWarehouseStock" ("itemId", "warehouseId", "sellable")
        SELECT j.value ->> 0, CAST(j.value ->> 1 AS INTEGER), CAST(j.value ->> 2 AS INTEGER) FROM ${d.jsonRows(stock)} j WHERE true
        ON CONFLICT ("itemId", "warehouseId") DO UPDATE SET "sellable" = excluded."sellable"`;
      if (rows.length <= 300) {
        await upsertPendingSyncs(prisma, part.map(({ warehouse: _, ...r }) => r));
        continue;
      }
      const pending = JSON.stringify(part.map((r) => [r.itemId, r.locationId, r.wanted, r.trigger]));
      await prisma.$executeRaw`INSERT INTO "PendingSync" ("shopId", "itemId", "locationId", "wanted", "trigger", "force", "attempts", "enqueuedAt")
        SELECT ${d.text(this.shop)}, j.value ->> 0, j.value ->> 1, CAST(j.value ->> 2 AS INTEGER), j.value ->> 3, false, 0, ${d.timestamp(new Date())}
        FROM ${d.jsonRows(pending)} j WHERE true
        ON CONFLICT ("shopId", "itemId", "locationId") DO UPDATE SET "wanted" = excluded."wanted", "trigger" = excluded."trigger", "enqueuedAt" = excluded."enqueuedAt"`;
    }
  }

  /** The merchant (or a Whiplash event) changed the item's Sync Inventory setting. */
  async setSyncSetting(i: number, syncSetting: ItemSyncSetting): Promise<void> {
    await this.db.prisma.item.update({ where: { id: this.itemId(i) }, data: { syncSetting } });
  }

  /** The item's variant now has this inventory item (e.g. one Shopify no longer has). */
  async setInventoryItem(i: number, inventoryItemId: string): Promise<void> {
    await this.db.prisma.itemLink.update({ where: { shopId_itemId: { shopId: this.shop, itemId: this.itemId(i) } }, data: { inventoryItemId } });
  }

  async pendingCount(): Promise<number> {
    return this.db.prisma.pendingSync.count({ where: { shopId: this.shop } });
  }

  /** The shop's sync log entries for items, oldest first. */
  async log() {
    return this.db.prisma.syncLog.findMany({ where: { shopId: this.shop, itemId: { not: null } }, orderBy: { id: "asc" } });
  }

  async linkError(i: number): Promise<string | null> {
    await this.db.prisma.itemLink.findUniqueOrThrow({ where: { shopId_itemId: { shopId: this.shop, itemId: this.itemId(i) } } });
    const row = await this.db.prisma.itemSyncError.findUnique({ where: { shopId_itemId: { shopId: this.shop, itemId: this.itemId(i) } } });
    return row?.error ?? null;
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
    await this.db.drop();
  }
}
