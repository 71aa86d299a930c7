// One benchmark shop: the Shopify simulator (in its own process) over real HTTP on loopback (100 ms per call),
// N inventory items stocked at the app location, and the writer's store holding N matching items: the
// production Prisma store on a fresh SQLite file or PostgreSQL database, or the in-memory stand-in.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PrismaClient } from "@prisma/client";
import type { Plan } from "../../simulators/shopify";
import { createPrismaClient } from "../../app/.server/db/create-prisma-client";
import { prismaLeases, type LeaseStore } from "../../app/.server/db/leases";
import { memoryLeases } from "../../tests/support/memory-leases";
import { dialectOf } from "../../app/.server/db/dialect";
import { backgroundAdminClient } from "../../app/.server/wiring/background-admin-client";
import { BudgetRegistry } from "../../app/.server/shopify/budget-registry";
import { CostCalibration } from "../../app/.server/shopify/cost-calibration";
import type { ThrottledAdminClient } from "../../app/.server/shopify/admin-client";
import { MemoryWriterStore } from "../../tests/support/memory-writer-store";
import { PrismaWriterStore } from "../../app/.server/db/prisma-writer-store";
import { runShopWriter, type ShopWriterResult } from "../../app/.server/sync/writer/shop-writer";
import type { WriterSettings } from "../../app/.server/sync/writer/writer-settings";
import type { WriterStore } from "../../app/.server/db/writer-store";
import { itemState } from "../../tests/support/writer-world";
import { seedWriterDb } from "../../tests/support/seed-writer-db";
import { SimProcess, type ShopStats } from "./sim-process";
import { freshDatabase, type BenchDatabase, type StoreKind } from "./bench-db";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface BenchShopOptions {
  plan: Plan;
  items: number;
  latencyMs: number;
  store: StoreKind;
  /** Used to name the database. */
  scenario: string;
  /** The warehouse quantity each item starts with in our store (Shopify starts at 0). */
  initial: (i: number) => number;
}

const itemIdOf = (i: number) => `item-${String(i).padStart(7, "0")}`;

export class BenchShop {
  readonly calibration = new CostCalibration();
  readonly budgets = new BudgetRegistry();
  /** Wanted quantity per item index (what Shopify must show at the end). */
  readonly wanted: Int32Array;
  /** When each item's latest change was enqueued (ms since epoch; 0 = never). */
  readonly enqueuedAt: Float64Array;
  readonly leases: LeaseStore;
  private readonly indexByNumericId = new Map<number, number>();

  private constructor(
    readonly options: BenchShopOptions,
    readonly sim: SimProcess,
    readonly simUrl: string,
    readonly shop: string,
    readonly token: string,
    readonly locationId: string,
    readonly inventoryItemIds: string[],
    readonly store: WriterStore,
    private readonly memory: MemoryWriterStore | null,
    private readonly prisma: PrismaClient | null,
    private readonly database: BenchDatabase | null,
  ) {
    this.wanted = Int32Array.from({ length: inventoryItemIds.length }, (_, i) => options.initial(i));
    this.enqueuedAt = new Float64Array(inventoryItemIds.length);
    inventoryItemIds.forEach((gid, i) => this.indexByNumericId.set(Number(gid.slice(gid.lastIndexOf("/") + 1)), i));
    this.leases = prisma ? prismaLeases(prisma) : memoryLeases();
  }

  static async start(options: BenchShopOptions): Promise<BenchShop> {
    const shop = "bench-shop.myshopify.com";
    const { sim, setup } = await SimProcess.start({ plan: options.plan, latencyMs: options.latencyMs, items: options.items, shop });
    const { token, locationId, inventoryItemIds } = setup;
    const shopPrefs = { syncEnabled: true, defaultLocationId: locationId, warehouseLocations: {} };
    const customer = { defaultSyncSetting: "ALWAYS" as const, processOrdersMode: "MANUAL" as const, defaultBuffer: 0 };

    if (options.store === "memory") {
      const memory = new MemoryWriterStore(shop, shopPrefs, customer);
      inventoryItemIds.forEach((inventoryItemId, i) =>
        memory.items.set(itemIdOf(i), { customerId: memory.customerId, item: itemState({ 1: options.initial(i) }), link: { inventoryItemId, tracked: true } }),
      );
      return new BenchShop(options, sim, setup.url, shop, token, locationId, inventoryItemIds, memory, memory, null, null);
    }

    const database = await freshDatabase(options.store, `writer-${options.scenario}`, ROOT);
    // The writer runs in the worker, whose SQLite connection commits with synchronous=NORMAL (app/worker.server.ts).
    const prisma = createPrismaClient(database.url, { synchronous: "NORMAL" });
    await seedWriterDb(prisma, { shopId: shop, locationId, inventoryItemIds, quantity: options.initial });
    return new BenchShop(options, sim, setup.url, shop, token, locationId, inventoryItemIds, new PrismaWriterStore(prisma), null, prisma, database);
  }

  /** The database the store runs on (null for the in-memory store). */
  get databaseUrl(): string | null {
    return this.database?.url ?? null;
  }

  get items(): number {
    return this.inventoryItemIds.length;
  }

  client(): ThrottledAdminClient {
    return backgroundAdminClient(this.shop, {
      token: { get: async () => this.token },
      baseUrl: this.simUrl,
      budgets: this.budgets,
      calibration: this.calibration,
    });
  }

  /**
   * The warehouse changed these items (to `quantity`, or as seeded): store their new stock and queue
   * their syncs, all with one enqueue time.
   */
  async change(indices: readonly number[], quantity?: (i: number) => number): Promise<void> {
    const at = new Date();
    for (const i of indices) {
      if (quantity) this.wanted[i] = quantity(i);
      this.enqueuedAt[i] = at.getTime();
    }
    if (this.memory) {
      if (quantity) for (const i of indices) this.memory.items.get(itemIdOf(i))!.item = itemState({ 1: this.wanted[i] });
      this.memory.upsertPending(
        indices.map((i) => ({ shopId: this.shop, itemId: itemIdOf(i), locationId: this.locationId, wanted: this.wanted[i], trigger: "WEBHOOK" as const })),
        at,
      );
      return;
    }
    // The warehouse's side runs in the app process in production; here it shares the writer's process, so
    // it uses one set-based statement per chunk (rows as one JSON parameter) to take as little of it as it can.
    const prisma = this.prisma!;
    const d = dialectOf(prisma);
    for (let start = 0; start < indices.length; start += 5000) {
      const part = indices.slice(start, start + 5000);
      // Stock first, then the pending rows (what event application does, in the same order).
      if (quantity) {
        const stock = JSON.stringify(part.map((i) => [itemIdOf(i), this.wanted[i]]));
        await prisma.$executeRaw`UPDATE "ItemWarehouseStock" SET "sellable" = CAST(j.value ->> 1 AS INTEGER)
          FROM ${d.jsonRows(stock)} j WHERE "itemId" = j.value ->> 0 AND "warehouseId" = 1`;
      }
      const rows = JSON.stringify(part.map((i) => [itemIdOf(i), this.wanted[i]]));
      await prisma.$executeRaw`INSERT INTO "PendingSync" ("shopId", "itemId", "locationId", "wanted", "trigger", "force", "attempts", "enqueuedAt")
        SELECT ${d.text(this.shop)}, j.value ->> 0, ${d.text(this.locationId)}, CAST(j.value ->> 1 AS INTEGER), 'WEBHOOK', false, 0, ${d.timestamp(at)}
        FROM ${d.jsonRows(rows)} j WHERE true
        ON CONFLICT ("shopId", "itemId", "locationId") DO UPDATE SET "wanted" = excluded."wanted", "enqueuedAt" = excluded."enqueuedAt"`;
    }
  }

  runWriter(client: ThrottledAdminClient, settings: Partial<WriterSettings>, signal?: AbortSignal): Promise<ShopWriterResult> {
    return runShopWriter({
      shop: this.shop,
      client,
      budget: this.budgets.forShop(this.shop),
      store: this.store,
      leases: this.leases,
      owner: "bench-writer",
      settings,
      signal,
    });
  }

  pendingCount(): Promise<number> {
    return this.memory ? Promise.resolve(this.memory.pendingCount()) : this.prisma!.pendingSync.count({ where: { shopId: this.shop } });
  }

  /** Items whose Shopify quantity differs from the wanted one. */
  async finalMismatches(): Promise<number> {
    const levels = await this.sim.levels();
    let mismatches = 0;
    let seen = 0;
    for (let k = 0; k < levels.length; k += 2) {
      const i = this.indexByNumericId.get(levels[k]);
      if (i === undefined) continue;
      seen++;
      if (levels[k + 1] !== this.wanted[i]) mismatches++;
    }
    return mismatches + (this.items - seen);
  }

  /**
   * Latency from enqueue to visible in Shopify, per item changed: the time of the first change in
   * Shopify's inventory history that set the item to its wanted quantity at or after it was enqueued.
   */
  async latencies(): Promise<{ sorted: number[]; lastVisibleAt: number }> {
    const history = await this.sim.history();
    const visible = new Float64Array(this.items);
    let lastVisibleAt = 0;
    for (let k = 0; k < history.length; k += 3) {
      const [createdAt, inventoryItemId, availableAfter] = [history[k], history[k + 1], history[k + 2]];
      lastVisibleAt = Math.max(lastVisibleAt, createdAt);
      const i = this.indexByNumericId.get(inventoryItemId);
      if (i === undefined || visible[i] > 0) continue;
      if (availableAfter === this.wanted[i] && createdAt >= this.enqueuedAt[i] - 1) visible[i] = createdAt;
    }
    const sorted: number[] = [];
    for (let i = 0; i < this.items; i++) if (this.enqueuedAt[i] > 0 && visible[i] > 0) sorted.push(visible[i] - this.enqueuedAt[i]);
    return { sorted: sorted.sort((a, b) => a - b), lastVisibleAt };
  }

  stats(): Promise<ShopStats> {
    return this.sim.stats();
  }

  async close(): Promise<void> {
    await this.sim.close();
    if (this.prisma) await this.prisma.$disconnect();
    await this.database?.drop();
  }
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
