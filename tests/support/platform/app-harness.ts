// Loads the real app modules (shopify.server, db.server, routes) against a fresh test database.
// The environment must be set before the first import of app/shopify.server.ts and app/db.server.ts,
// hence the dynamic imports; each vitest file runs in its own module registry.
import type { PrismaClient } from "@prisma/client";
import { createTestDb, type TestDb } from "../test-db";
import { createLogger } from "../../../app/.server/logger";
import { createTestQueue } from "../test-queue";
import { Worker } from "../../../app/.server/jobs/worker";
import { platformJobHandlers } from "../../../app/.server/wiring/platform-jobs";
import type { AdminRequester, PlatformJobDeps } from "../../../app/.server/wiring/deps";

export const silent = createLogger({}, "silent");

export interface AppHarness {
  db: TestDb;
  prisma: PrismaClient;
  deps(now?: () => Date): PlatformJobDeps;
  worker(now?: () => Date): Worker;
}

/** A client that fails loudly: tests that reach Shopify pass a real one (simulator). */
export const noAdmin = (): AdminRequester => ({
  request: () => Promise.reject(new Error("this test does not expect Admin API calls")),
});

export interface HarnessOptions {
  /** SHOPIFY_ADMIN_BASE_URL (the file's own simulator); by default a dead port. */
  adminBaseUrl?: string;
  adminClient?: (shop: string) => AdminRequester;
  /** The jobs' plain fetch (bulk JSONL downloads); tests wrap it to act mid-job. */
  fetch?: typeof fetch;
}

export async function createAppHarness(options: HarnessOptions = {}): Promise<AppHarness> {
  const db = await createTestDb();
  process.env.DATABASE_URL = db.url;
  // Nothing may reach the default simulator port by accident: point at the file's own (or a dead) port.
  process.env.SHOPIFY_ADMIN_BASE_URL = options.adminBaseUrl ?? "http://127.0.0.1:9";
  // db.server.ts reuses globalThis.__prisma outside production: hand it the test database's client.
  (globalThis as { __prisma?: PrismaClient }).__prisma = db.prisma;
  // The routes' own queue (wiring/app-queue.ts, PgBossQueue on PostgreSQL) ends before its database.
  const drop = db.drop.bind(db);
  db.drop = async () => {
    await (await import("../../../app/.server/wiring/app-queue")).stopAppJobQueue();
    await drop();
  };
  const deps = (now: () => Date = () => new Date()): PlatformJobDeps => ({
    prisma: db.prisma,
    queue: createTestQueue(db, { now }),
    logger: silent,
    now,
    adminClient: options.adminClient ?? noAdmin,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
  });
  return {
    db,
    prisma: db.prisma,
    deps,
    worker: (now) => {
      const d = deps(now);
      return new Worker({ queue: d.queue, handlers: platformJobHandlers(d), logger: silent, workerId: "test-worker" });
    },
  };
}

/** Calls a route module's action the way Remix does. */
export type RouteArgs = { request: Request; params: Record<string, string>; context: Record<string, unknown> };
export type ActionModule = { action: (args: RouteArgs) => Promise<unknown> };
export type LoaderModule = { loader: (args: RouteArgs) => Promise<unknown> };

export async function callAction(mod: ActionModule, request: Request): Promise<Response> {
  return asResponse(() => mod.action({ request, params: {}, context: {} }));
}

export async function callLoader(mod: LoaderModule, request: Request): Promise<Response> {
  return asResponse(() => mod.loader({ request, params: {}, context: {} }));
}

async function asResponse(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    // Remix's data() helper: { type: "DataWithResponseInit", data, init }, answered as Remix would.
    const r = result as { type?: string; data?: unknown; init?: ResponseInit | null } | null;
    if (r?.type === "DataWithResponseInit") return Response.json(r.data, { status: r.init?.status ?? 200 });
    return Response.json(result);
  } catch (thrown) {
    // authenticate.* signal HTTP answers (401, 405, 410...) by throwing a Response.
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function seedShop(
  prisma: PrismaClient,
  shop: string,
  options: { customer?: boolean; session?: boolean; installedAt?: Date } = {},
): Promise<{ customerId: string | null }> {
  let customerId: string | null = null;
  if (options.customer !== false) {
    const c = await prisma.customer.create({ data: { whiplashCustomerId: Math.floor(Math.random() * 1e9), name: shop } });
    customerId = c.id;
  }
  await prisma.shop.create({
    data: { id: shop, name: shop, customerId, defaultLocationId: "gid://shopify/Location/1", installedAt: options.installedAt },
  });
  if (options.session !== false) {
    await prisma.session.create({
      data: {
        id: `offline_${shop}`,
        shop,
        state: "",
        isOnline: false,
        accessToken: "shpat_test",
        scope: "read_products,read_inventory,write_inventory,read_locations",
        expires: new Date(Date.now() + 24 * 3600_000),
      },
    });
  }
  return { customerId };
}
