// Test world for the intake: a fresh database, the Whiplash simulator (webhooks handed straight to the
// app's route action or to the intake handler), the Shopify simulator with two shops of one customer,
// the job queue and a worker with the intake handlers. Clocks are real, nothing sleeps.
import { createTestDb, type TestDb } from "../support/test-db";
import { LOCAL_DEFAULTS } from "../../simulators/shared/local-defaults";
import type { AppJobQueue } from "../../app/.server/jobs/event-jobs";
import { createTestQueue } from "../support/test-queue";
import { Worker } from "../../app/.server/jobs/worker";
import { intakeBatchHandlers } from "../../app/.server/warehouse/apply-whiplash-event";
import { createLogger } from "../../app/.server/logger";
import { handleWhiplashWebhook } from "../../app/.server/intake/whiplash-webhook";
import { WhiplashClient } from "../../app/.server/whiplash/client";
import { parseEncryptionKey } from "../../app/.server/whiplash/token-crypto";
import { prismaTokenStore } from "../../app/.server/wiring/whiplash-token-store";
import { backgroundAdminClient } from "../../app/.server/wiring/background-admin-client";
import { BudgetRegistry } from "../../app/.server/shopify/budget-registry";
import { runWhiplashImport } from "../../app/.server/catalog/import-job";
import { importCustomerItems } from "../../app/.server/catalog/import-customer";
import type { ItemStore } from "../../app/.server/warehouse/apply-item-store";
import type { JobQueue } from "../../app/.server/jobs/types";
import type { PrismaClient } from "@prisma/client";
import type { ProcessOrdersMode } from "../../app/domain";
import { startWhiplashSimulator, type WhiplashSimulator, type WhiplashSimulatorOptions } from "../../simulators/whiplash/server";
import { DEMO_CUSTOMER_ID } from "../../simulators/whiplash/seed";
import { startShopifySimulator, type ShopifySim } from "../../simulators/shopify/index";
import { exchangeToken, TEST_APP } from "../../simulators/shopify/test-support";

// The local defaults (vitest's env), so the app's own route, reading env(), verifies the same signatures.
export const SECRET = LOCAL_DEFAULTS.WHIPLASH_CLIENT_SECRET;
export const CLIENT_ID = LOCAL_DEFAULTS.WHIPLASH_CLIENT_ID;
export const KEY = parseEncryptionKey("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
export const SHOP_ON = "whiplash-demo.myshopify.com";
export const SHOP_OFF = "second-store.myshopify.com";
export const silent = createLogger({}, "silent");

export interface World {
  db: TestDb;
  /** The database's queue: PrismaJobQueue on SQLite, PgBossQueue on PostgreSQL. */
  queue: AppJobQueue;
  worker: Worker;
  whiplash: WhiplashSimulator;
  shopify: ShopifySim | null;
  customerId: string;
  whiplashClient: WhiplashClient;
  /** The background Admin client of each simulated shop (null without the Shopify simulator). */
  adminClient: ((shop: string) => ReturnType<typeof backgroundAdminClient>) | null;
  /** Deliveries the route answered, by status. */
  statuses: number[];
  close(): Promise<void>;
}

export interface WorldOptions extends Partial<WhiplashSimulatorOptions> {
  /** Deliver webhooks to this function instead of the intake handler (e.g. the Remix route action). */
  deliver?: (request: Request) => Promise<Response>;
  /** Start the Shopify simulator with two shops and run the import (default true). */
  shopify?: boolean;
  items?: number;
  /** Use this database (e.g. the one the route module was pointed at). */
  db?: TestDb;
  /** Queue clock (tests move it to expire locks). */
  queueNow?: () => Date;
  /** The customer's Process Orders automation (default: the standard setup's). */
  processOrdersMode?: ProcessOrdersMode;
  /** Runs on the Whiplash simulator before the import (e.g. to set an item's flag "in Whiplash"). */
  beforeImport?: (whiplash: WhiplashSimulator) => void;
}

/** A worker with the intake handlers; `queue`/`items` can be wrapped to simulate a crash. */
export function intakeWorker(
  world: Pick<World, "db" | "whiplashClient">,
  queue: JobQueue,
  items?: ItemStore,
  lockMs = 60_000,
  prisma: PrismaClient = world.db.prisma,
): Worker {
  return new Worker({
    queue,
    logger: silent,
    batchSize: 50,
    lockMs,
    handlers: {},
    batchHandlers: intakeBatchHandlers({ prisma, queue, logger: silent, whiplashClient: () => world.whiplashClient, items }),
  });
}

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const db = options.db ?? (await createTestDb());
  const queue = createTestQueue(db, { backoff: { baseMs: 1, jitter: 0 }, now: options.queueNow });
  const statuses: number[] = [];
  const intakeDeps = { prisma: db.prisma, queue, secret: SECRET, clientId: CLIENT_ID, logger: silent };
  const deliver = options.deliver ?? ((request: Request) => handleWhiplashWebhook(request, intakeDeps));
  const whiplash = await startWhiplashSimulator({
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    webhookUrl: "http://app.test/webhooks/whiplash",
    seed: { items: options.items ?? 40 },
    maxAttempts: 3,
    retryDelayMs: 1,
    ...options,
    fetch: (async (url: string, init: RequestInit) => {
      const res = await deliver(new Request(url, init));
      statuses.push(res.status);
      return res;
    }) as unknown as typeof fetch,
  });

  const customer = await db.prisma.customer.create({
    data: { whiplashCustomerId: DEMO_CUSTOMER_ID, name: "Demo", ...(options.processOrdersMode ? { processOrdersMode: options.processOrdersMode } : {}) },
  });
  options.beforeImport?.(whiplash);
  const t = whiplash.issueTokens(DEMO_CUSTOMER_ID);
  await prismaTokenStore(db.prisma, customer.id, KEY).save({
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: Date.now() + t.expires_in * 1000,
  });
  const whiplashClient = new WhiplashClient({
    baseUrl: whiplash.url + "/api/v2",
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    whiplashCustomerId: DEMO_CUSTOMER_ID,
    tokens: prismaTokenStore(db.prisma, customer.id, KEY),
    sleep: async () => undefined,
  });
  const worker = intakeWorker({ db, whiplashClient }, queue);

  let shopify: ShopifySim | null = null;
  const clients = new Map<string, ReturnType<typeof backgroundAdminClient>>();
  if (options.shopify !== false) {
    shopify = await startShopifySimulator({ ...TEST_APP, seed: { shop: SHOP_ON, products: 40 } });
    shopify.createShop(SHOP_OFF, { products: 40 });
    const budgets = new BudgetRegistry();
    for (const [domain, syncEnabled] of [
      [SHOP_ON, true],
      [SHOP_OFF, false],
    ] as const) {
      const token = await exchangeToken(shopify, domain);
      const appLocation = [...shopify.shop(domain).locations.values()][0];
      await db.prisma.shop.create({
        data: { id: domain, customerId: customer.id, syncEnabled, defaultLocationId: `gid://shopify/Location/${appLocation.id}` },
      });
      clients.set(
        domain,
        backgroundAdminClient(domain, { token: { get: async () => token, invalidate: () => undefined }, baseUrl: shopify.url, budgets }),
      );
    }
    await runWhiplashImport(
      {
        prisma: db.prisma,
        queue,
        logger: silent,
        whiplashClient: () => whiplashClient,
        adminClient: (shopId) => clients.get(shopId)!,
        webhookEndpoint: null,
      },
      { customerId: customer.id },
    );
  } else {
    await importCustomerItems({ prisma: db.prisma, client: whiplashClient, logger: silent }, customer.id);
  }

  return {
    db,
    queue,
    worker,
    whiplash,
    shopify,
    customerId: customer.id,
    whiplashClient,
    adminClient: shopify ? (shop) => clients.get(shop)! : null,
    statuses,
    async close() {
      await whiplash.close();
      await shopify?.close();
      await db.drop();
    },
  };
}

/** Sellable units of an item by Whiplash id, as the app stores them. */
export async function storedQuantity(world: World, whiplashItemId: number): Promise<Record<number, number>> {
  const item = await world.db.prisma.item.findUnique({
    where: { customerId_whiplashItemId: { customerId: world.customerId, whiplashItemId } },
    include: { stock: true },
  });
  return Object.fromEntries((item?.stock ?? []).map((s) => [s.warehouseId, s.sellable]));
}

/** The app's stored item for a Whiplash item id. */
export function storedItem(world: World, whiplashItemId: number) {
  return world.db.prisma.item.findUniqueOrThrow({ where: { customerId_whiplashItemId: { customerId: world.customerId, whiplashItemId } } });
}

/** The newest sync log row of an item (by Whiplash id) in the shop with sync on. */
export async function lastSyncLog(world: World, whiplashItemId: number) {
  const { id } = await storedItem(world, whiplashItemId);
  return world.db.prisma.syncLog.findFirst({ where: { shopId: SHOP_ON, itemId: id }, orderBy: { id: "desc" } });
}
