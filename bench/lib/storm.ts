// The multi-process storm (bench/storm.ts, tests/storm/): the Shopify and Whiplash simulators as real
// HTTP servers in this process; N app processes (the production build, server.mjs, as `npm start` runs
// it) and M workers (app/worker.server.ts) as child processes on one database (SQLite file or
// PostgreSQL); several shops, each connected to its own Whiplash customer. The Whiplash simulator
// delivers its signed webhooks round-robin across the app processes, with duplicates and reordering;
// a storm of warehouse activity (orders shipped, adjustments, ship notices created and received) runs
// on every item; optionally one worker is SIGKILLed mid-run and the Shopify simulator injects 5xx,
// timeouts and THROTTLED on a share of Admin calls. Then it waits until everything has settled and
// checks the result against the simulators' truth (see StormResult).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, type WriteStream } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../../app/.server/db/create-prisma-client";
import { WORKER_NODE_ARGS } from "../../scripts/worker-command.mjs";
import { PrismaWriterStore } from "../../app/.server/db/prisma-writer-store";
import { writerLeaseName } from "../../app/.server/sync/writer/shop-writer";
import { operationNameOf } from "../../app/.server/shopify/graphql-response";
import { INVENTORY_SET_QUANTITIES_MUTATION } from "../../app/.server/shopify/operations/inventory-set-quantities";
import { INVENTORY_ACTIVATE_MUTATION } from "../../app/.server/shopify/operations/inventory-activate";
import { referenceDocumentUri } from "../../app/.server/sync/writer/inventory-input";
import { syncTarget } from "../../app/domain/sync-target";
import { bodyHash } from "../../app/.server/intake/whiplash-intake-store";
import { startShopifySimulator, type FaultRule, type ShopifySim } from "../../simulators/shopify";
import { startWhiplashSimulator, type WhiplashSimulator } from "../../simulators/whiplash/server";
import { createRandom, seedWhiplash } from "../../simulators/whiplash/seed";
import { STATUS } from "../../simulators/whiplash/state";
import { freePort } from "../../scripts/free-port";
import { buildApp, runPrisma } from "../../scripts/stack";
import { postgresDatabaseUrl, withPostgresAdmin } from "../../tests/support/test-db";
import { exchangeOfflineToken } from "../../tests/support/platform/sim-admin";
import type { StormSetupSpec } from "./storm-setup";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
const SCOPES = "read_products,read_inventory,write_inventory,read_locations";

export type StormStore = "sqlite" | "postgres";

export interface StormOptions {
  store: StormStore;
  /** An existing, migrated, empty database (tests); otherwise one is created (and dropped) here. */
  databaseUrl?: string;
  /** PostgreSQL server to create the database on (when databaseUrl is not given). */
  postgresServerUrl?: string;
  apps: number;
  workers: number;
  shops: number;
  itemsPerShop: number;
  /** Warehouse actions in the storm, spread over stormSeconds. */
  actions: number;
  stormSeconds: number;
  /** SIGKILL one worker once this share of the storm's actions has been applied (null: no kill). */
  killWorkerAt: number | null;
  /** Share of Admin GraphQL calls answered with a fault (0: none). */
  faults: number;
  /** Fault rules added on top of the share (e.g. the next N writes fail, so a short run surely meets faults). */
  extraFaults?: FaultRule[];
  /** Fault rules added once the worker is killed (the writer that takes its shops over meets them). */
  extraFaultsAfterKill?: FaultRule[];
  /** Hanging calls: cut by the simulator after this long, or (null) held until the client's own timeout. */
  hangMs: number | null;
  /** Whiplash simulator: probability a delivery is sent twice; shuffle what waits. */
  duplicates: number;
  reorder: boolean;
  /** Whiplash webhook deliveries in flight at once. */
  senders: number;
  /** Admin API latency of the Shopify simulator. */
  latencyMs: number;
  /** Worker job lock (takeover delay after a crash); null: the worker's defaults. */
  workerLockMs: number | null;
  convergeTimeoutMs: number;
  seed: number;
  build: "always" | "if-missing" | "never";
  /** Keep the run's directory (process logs, SQLite file) even when every check passes. */
  keepLogs?: boolean;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
}

export const STORM_DEFAULTS: StormOptions = {
  store: "sqlite",
  apps: 1,
  workers: 1,
  shops: 4,
  itemsPerShop: 50,
  actions: 2_000,
  stormSeconds: 30,
  killWorkerAt: null,
  faults: 0,
  hangMs: null,
  duplicates: 0.2,
  reorder: true,
  senders: 8,
  latencyMs: 100,
  workerLockMs: null,
  convergeTimeoutMs: 10 * 60_000,
  seed: 7,
  build: "always",
};

export interface StormChecks {
  converged: boolean;
  lost: boolean;
  notAcknowledged: boolean;
  storedTwice: boolean;
  receiptsDoubled: boolean;
  receiptsMissing: boolean;
  stockMismatches: boolean;
  shopifyMismatches: boolean;
  concurrentWriters: boolean;
  /** Every fault injected on a writer call left a CALL_FAILED sync log row (issue 12 item 13). */
  failuresVisible: boolean;
}

export interface StormResult {
  scenario: string;
  store: StormStore;
  apps: number;
  workers: number;
  shops: number;
  items: number;
  actions: number;
  /** Webhook posts (duplicates and Whiplash retries included), distinct bodies, posts per app process. */
  eventsSent: number;
  duplicatesSent: number;
  eventsDistinct: number;
  postsPerApp: number[];
  /** Distinct bodies answered 2xx whose stored event never reached APPLIED/STALE/UNUSED. */
  lost: number;
  /** Distinct bodies never answered 2xx (Whiplash gave up). */
  notAcknowledged: number;
  /** Bodies stored as more than one event (a duplicate not recognised). */
  storedTwice: number;
  /** Ship-notice lines whose stored received units exceed Whiplash's (a receipt counted twice)... */
  receiptsDoubled: number;
  /** ...or fall short of them (a receipt lost). */
  receiptsMissing: number;
  /** storedTwice + receiptsDoubled: an event whose effect landed twice. */
  appliedTwice: number;
  eventOutcomes: Record<string, number>;
  /** Items whose stored warehouse stock differs from Whiplash's. */
  stockMismatches: number;
  /** Item locations where Shopify's available differs from the rule-computed quantity (app/domain/sync-target.ts). */
  finalMismatches: number;
  /** Items the rule says not to write (never received, sync off...): not compared. */
  skippedItems: number;
  comparedLocations: number;
  /** Admin GraphQL calls the shops received during the whole run (import included), and the writes among them that applied. */
  adminCalls: number;
  adminWritesApplied: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  /** Faults the simulator injected by GraphQL operation name, and on the writer's calls (set quantities, activate). */
  faultsByOperation: Record<string, number>;
  writerCallFaults: number;
  /**
   * Writer faults the killed worker may never have logged: on calls of a writer run that never finished,
   * or (calls naming no run) injected within KILL_WINDOW_MS (a hang: plus its length) before the SIGKILL.
   */
  writerFaultsAtKill: number;
  /** Failed Admin call attempts the writer recorded in the sync log (CALL_FAILED rows, retried or not). */
  syncLogCallFailed: number;
  /** What the app recorded durably about failures: SyncLog FAILED rows, runs with failures or left unfinished. */
  syncLogFailed: number;
  syncRunsWithFailures: number;
  syncRunsUnfinished: number;
  syncRuns: number;
  /** Warn/error lines the app and worker processes logged. */
  loggedWarnings: number;
  /** Customers whose Whiplash subscriptions a worker's webhook-health job had to re-create (0: the connect made them right). */
  subscriptionsRecreated: number;
  loggedErrors: number;
  throttled: number;
  killedWorker: { pid: number; atSeconds: number; atEpochMs: number; appliedBefore: number; heldWriterLeases: string[] } | null;
  maxConcurrentWritersPerShop: number;
  /** What was still in flight at the end (all 0 once converged). */
  unsettled: { pendingEvents: number; pendingSyncs: number; waitingDeliveries: number };
  /** Up to 8 mismatches (stock, receipt, shopify) with both sides. */
  mismatchSamples: MismatchSample[];
  stormSeconds: number;
  /** From the end of the storm until every check could pass (or the timeout). */
  convergeSeconds: number;
  totalSeconds: number;
  checks: StormChecks;
  /** Processes of this run still alive after its children were stopped (must be 0). */
  leakedProcesses: number;
  ok: boolean;
}

interface Child {
  name: string;
  process: ChildProcess;
  logFile: string;
}

/** The Admin operations the shop writer sends (app/.server/shopify/operations/). */
const WRITER_OPERATIONS = [operationNameOf(INVENTORY_SET_QUANTITIES_MUTATION), operationNameOf(INVENTORY_ACTIVATE_MUTATION)];
/** How long before a SIGKILL a fault's answer may still be on its way into the killed worker's sync log (a hang: plus its length). */
const KILL_WINDOW_MS = 250;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runStorm(partial: Partial<StormOptions>): Promise<StormResult> {
  const o: StormOptions = { ...STORM_DEFAULTS, ...partial };
  const log = o.log ?? (() => {});
  const dir = path.join(ROOT, "tmp", `storm-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const children: Child[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let keepDir = false;
  const started = performance.now();
  try {
    if (o.build === "always") buildApp(true);
    else if (o.build === "if-missing") buildApp(false);

    const databaseUrl = o.databaseUrl ?? (await createDatabase(o, dir, cleanups, log));
    const prisma = createPrismaClient(databaseUrl);
    cleanups.unshift(() => prisma.$disconnect());

    // Secrets of this run only (nothing published, nothing reused).
    const secrets = {
      SHOPIFY_API_KEY: "storm-app",
      SHOPIFY_API_SECRET: randomBytes(24).toString("hex"),
      WHIPLASH_CLIENT_ID: "storm-whiplash",
      WHIPLASH_CLIENT_SECRET: randomBytes(24).toString("hex"),
      ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    };
    const appPorts = await Promise.all(Array.from({ length: o.apps }, () => freePort()));
    const appUrls = appPorts.map((p) => `http://127.0.0.1:${p}`);

    // --- Simulators -------------------------------------------------------------------------------
    const shopify = await startShopifySimulator({
      apiKey: secrets.SHOPIFY_API_KEY,
      apiSecret: secrets.SHOPIFY_API_SECRET,
      appUrl: appUrls[0],
      scopes: SCOPES,
      seed: false,
      latencyMs: o.latencyMs,
      faultSeed: o.seed,
    });
    cleanups.unshift(() => shopify.close());

    const postsPerApp = appUrls.map(() => 0);
    let next = 0;
    // The round-robin "proxy": each delivery goes to the next app process, over real HTTP.
    const roundRobin = ((_url: string, init: RequestInit) => {
      const i = next++ % appUrls.length;
      postsPerApp[i]++;
      return fetch(`${appUrls[i]}/webhooks/whiplash`, init);
    }) as unknown as typeof fetch;
    const whiplash = await startWhiplashSimulator({
      clientId: secrets.WHIPLASH_CLIENT_ID,
      clientSecret: secrets.WHIPLASH_CLIENT_SECRET,
      // No fixed URL: deliveries go to the subscriptions the connect creates (storm-setup.ts), one per
      // event, and the round-robin below picks the app process.
      seed: false,
      duplicates: o.duplicates,
      reorder: o.reorder,
      deliveryConcurrency: o.senders,
      randomSeed: o.seed,
      maxAttempts: 10,
      retryDelayMs: 200,
      // Tokens outlive the run: refresh is not what this harness measures.
      tokenTtlSeconds: 24 * 3600,
      fetch: roundRobin,
    });
    cleanups.unshift(() => whiplash.close());

    const shops = Array.from({ length: o.shops }, (_, i) => ({
      shop: `storm-${i + 1}.myshopify.com`,
      whiplashCustomerId: 3001 + i,
      customerName: `Storm customer ${i + 1}`,
    }));
    const spec: StormSetupSpec = { shops: [] };
    for (const [i, s] of shops.entries()) {
      // Whiplash: items SKU-00001.. per customer (some never received, some sold out, a few at the second
      // warehouse) with open ship notices; Shopify: one tracked variant per SKU at the app location, at 0.
      seedWhiplash(whiplash.state, {
        customerId: s.whiplashCustomerId,
        customerName: s.customerName,
        items: o.itemsPerShop,
        anomalies: false,
        random: createRandom(o.seed * 100 + i),
      });
      const state = shopify.createShop(s.shop, { products: 0, locations: 2 });
      shopify.addVariants(s.shop, o.itemsPerShop, { available: 0 });
      const location = [...state.locations.keys()][0];
      const t = whiplash.issueTokens(s.whiplashCustomerId);
      spec.shops.push({
        ...s,
        locationId: `gid://shopify/Location/${location}`,
        shopifyAccessToken: await exchangeOfflineToken(shopify, s.shop, secrets.SHOPIFY_API_KEY, secrets.SHOPIFY_API_SECRET),
        scope: SCOPES,
        whiplash: { accessToken: t.access_token, refreshToken: t.refresh_token, expiresInSeconds: t.expires_in },
      });
    }

    const env: Record<string, string> = {
      ...secrets,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      SHOPIFY_APP_URL: appUrls[0],
      SCOPES,
      SHOPIFY_ADMIN_BASE_URL: shopify.url,
      ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION: "true",
      WHIPLASH_API_BASE_URL: `${whiplash.url}/api/v2`,
      LOG_LEVEL: "warn",
    };

    // --- App-side setup: connect, import, first syncs queued (through the app's wiring) -------------
    const specFile = path.join(dir, "setup.json");
    writeFileSync(specFile, JSON.stringify(spec));
    // Asynchronously: the simulators it talks to run in this process.
    const setup = await runChild(process.execPath, [TSX, "bench/lib/storm-setup.ts", specFile], { ...process.env, ...env });
    if (setup.code !== 0) throw new Error(`storm setup failed:\n${setup.output}`.slice(0, 6000));
    log(`setup: ${setup.output.trim()}`);

    // --- Processes ----------------------------------------------------------------------------------
    const spawnChild = (name: string, args: string[], extra: Record<string, string> = {}): Child => {
      const logFile = path.join(dir, `${name}.log`);
      const out: WriteStream = createWriteStream(logFile);
      const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout?.pipe(out, { end: false });
      child.stderr?.pipe(out, { end: false });
      child.once("exit", () => out.end());
      const c = { name, process: child, logFile };
      children.push(c);
      return c;
    };
    appUrls.forEach((_, i) => spawnChild(`app-${i + 1}`, [path.join(ROOT, "server.mjs")], { PORT: String(appPorts[i]) }));
    // One process per worker (tsx as a loader, not its CLI): the CLI runs the script in a child process
    // of its own, so a SIGKILL reached only the CLI and the real worker went on, orphaned.
    const workerArgs = [...WORKER_NODE_ARGS, ...(o.workerLockMs ? ["--lock-ms", String(o.workerLockMs)] : [])];
    const workers = Array.from({ length: o.workers }, (_, i) => spawnChild(`worker-${i + 1}`, workerArgs));
    await Promise.all(appUrls.map((url) => waitForHealth(url, children)));
    log(`${o.apps} app(s) and ${o.workers} worker(s) up (${elapsed(started)} s)`);

    // Faults from now on (the import's reads above ran clean): 5xx, gateway timeouts, hangs, THROTTLED.
    for (const rule of o.extraFaults ?? []) shopify.addFault(rule);
    if (o.faults > 0) for (const rule of faultRules(o.faults, o.hangMs)) shopify.addFault(rule);

    // The storm starts once the workers are at work: the import's first syncs have all been written.
    const initial = performance.now();
    while ((await prisma.pendingSync.count()) > 0) {
      if (performance.now() - initial > o.convergeTimeoutMs) throw new Error("the first syncs after the import never drained");
      await sleep(250);
    }
    log(`first syncs written (${elapsed(started)} s)`);

    // --- The storm ----------------------------------------------------------------------------------
    const stormStart = performance.now();
    const storm = new Storm(whiplash, createRandom(o.seed), shops.map((s) => s.whiplashCustomerId));
    let killed = null as StormResult["killedWorker"];
    // The kill comes once this many events were applied (so it lands mid-run, not before the work).
    const killAfterApplied = o.killWorkerAt === null ? null : Math.max(1, Math.floor(o.actions * o.killWorkerAt));
    let killDue: number | null = null;
    const perTick = Math.max(1, Math.ceil(o.actions / Math.max(1, (o.stormSeconds * 1000) / 100)));
    let done = 0;
    const maybeKill = async (force: boolean) => {
      if (killAfterApplied === null || killed) return;
      if (killDue === null) {
        if (!force && (await appliedCount(prisma)) < killAfterApplied) return;
        killDue = performance.now();
      }
      // Prefer a worker holding a shop's writer lease (a write cut mid-run); after 3 s take any.
      killed = await killWorker(prisma, workers, started, force || performance.now() - killDue > 3_000);
      if (killed) for (const rule of o.extraFaultsAfterKill ?? []) shopify.addFault(rule);
    };
    while (done < o.actions) {
      const n = Math.min(perTick, o.actions - done);
      for (let k = 0; k < n; k++) storm.act();
      done += n;
      await sleep(100);
      await maybeKill(false);
    }
    while (killAfterApplied !== null && !killed) {
      await maybeKill(performance.now() - stormStart > (o.stormSeconds + 60) * 1000);
      await sleep(100);
    }
    await whiplash.flush();
    const stormSeconds = (performance.now() - stormStart) / 1000;
    log(`storm: ${o.actions} actions, ${whiplash.outbox.deliveries.length} posts in ${stormSeconds.toFixed(1)} s${killed ? `; killed worker pid ${killed.pid}` : ""}`);

    // --- Converge -----------------------------------------------------------------------------------
    const convergeStart = performance.now();
    let view = await inspect(prisma, shopify, whiplash, shops);
    while (!view.settled && performance.now() - convergeStart < o.convergeTimeoutMs) {
      await sleep(500);
      await whiplash.flush();
      view = await inspect(prisma, shopify, whiplash, shops);
    }
    const convergeSeconds = (performance.now() - convergeStart) / 1000;
    log(`converged: ${view.settled} after ${convergeSeconds.toFixed(1)} s`);

    // --- Checks -------------------------------------------------------------------------------------
    const result = await report(o, prisma, shopify, whiplash, shops, view, children, {
      postsPerApp,
      killedWorker: killed,
      stormSeconds,
      convergeSeconds,
      totalSeconds: (performance.now() - started) / 1000,
    });
    // Every process of this run must be gone once its children are stopped: one still running (e.g. a
    // "killed" worker that was not) is a failed run, and is stopped here.
    await Promise.all(children.map((c) => stopChild(c.process)));
    const leaked = processesWithEnv(`SHOPIFY_API_SECRET=${secrets.SHOPIFY_API_SECRET}`);
    for (const pid of leaked) process.kill(pid, "SIGKILL");
    result.leakedProcesses = leaked.length;
    if (leaked.length > 0) result.ok = false;
    keepDir = !result.ok || o.keepLogs === true;
    if (!result.ok) log(`checks failed; logs kept in ${dir}`);
    return result;
  } catch (error) {
    keepDir = true;
    throw new Error(`${(error as Error).message}\nlogs: ${dir}\n${tails(children)}`, { cause: error });
  } finally {
    await Promise.all(children.map((c) => stopChild(c.process)));
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

// --- Database ---------------------------------------------------------------------------------------

async function createDatabase(o: StormOptions, dir: string, cleanups: (() => Promise<void>)[], log: (line: string) => void): Promise<string> {
  if (o.store === "sqlite") {
    const url = `file:${path.join(dir, "storm.sqlite")}`;
    runPrisma(["migrate", "deploy"], { DATABASE_URL: url });
    return url;
  }
  let server = o.postgresServerUrl;
  if (!server) {
    // A throw-away cluster for this run only.
    const clusterDir = path.join("/tmp", `pg-storm-${process.pid}`);
    const started = spawnSync(path.join(ROOT, "scripts/pg-test-cluster.sh"), [clusterDir], { encoding: "utf8" });
    if (started.status !== 0) throw new Error(`could not start PostgreSQL: ${started.stderr}`);
    server = started.stdout.trim();
    cleanups.push(async () => void spawnSync(path.join(ROOT, "scripts/pg-test-cluster.sh"), ["stop", clusterDir]));
    log(`PostgreSQL cluster ${server}`);
  }
  const name = `storm_${process.pid}_${Date.now()}`;
  await withPostgresAdmin(server, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = postgresDatabaseUrl(server, name);
  cleanups.push(() => withPostgresAdmin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined));
  const deploy = spawnSync(process.execPath, [path.join(ROOT, "scripts/prisma-postgres.mjs"), "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (deploy.status !== 0) throw new Error(`postgres migrate deploy failed: ${deploy.stderr}${deploy.stdout}`);
  return url;
}

// --- Simulator helpers ------------------------------------------------------------------------------

/**
 * Rules that together fault `share` of GraphQL calls, split evenly over 5xx, a gateway timeout (504),
 * a hang (the client's timeout, or a connection cut after hangMs) and THROTTLED. The injector tries
 * rules in order, so each gets the probability that makes the total come out at `share`.
 */
export function faultRules(share: number, hangMs: number | null): FaultRule[] {
  const kinds: FaultRule[] = [
    { kind: "status", status: 500 },
    { kind: "status", status: 502 },
    { kind: "status", status: 503 },
    { kind: "status", status: 504 },
    { kind: "hang", ...(hangMs !== null ? { hangMs } : {}) },
    { kind: "throttled" },
  ];
  const each = 1 - Math.pow(1 - share, 1 / kinds.length);
  return kinds.map((k) => ({ ...k, probability: each, route: "graphql" }));
}

/** Warehouse activity on every customer's items: orders shipped, adjustments, ship notices created and received. */
class Storm {
  constructor(
    private readonly sim: WhiplashSimulator,
    private readonly random: () => number,
    private readonly customers: number[],
  ) {}

  private pick<T>(list: T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private itemsOf(customerId: number) {
    return [...this.sim.state.items.values()].filter((i) => i.customer_id === customerId);
  }

  act(): void {
    const customer = this.pick(this.customers);
    const items = this.itemsOf(customer);
    // A few hot items per customer get a third of the traffic, so reordering really races on them.
    const item = this.random() < 0.33 ? items[Math.floor(this.random() * Math.min(5, items.length))] : this.pick(items);
    const r = this.random();
    try {
      if (r < 0.5) {
        this.sim.shipOrder(item.id, 1 + Math.floor(this.random() * 3));
      } else if (r < 0.8) {
        this.sim.adjust(item.id, this.random() < 0.85 ? 1 : 2, Math.floor(this.random() * 11) - 4);
      } else if (r < 0.9) {
        const lines = Array.from({ length: 1 + Math.floor(this.random() * 3) }, () => this.pick(items));
        this.sim.createShipNotice({
          customerId: customer,
          warehouseId: 1,
          lines: [...new Set(lines)].map((l) => ({ itemId: l.id, quantity: 5 + Math.floor(this.random() * 25), publish: this.random() < 0.3 })),
        });
      } else {
        this.receive(customer);
      }
    } catch {
      // Nothing to ship at that warehouse: restock it instead (still a warehouse event).
      this.sim.adjust(item.id, 1, 5);
    }
  }

  private receive(customer: number): void {
    const open = [...this.sim.state.shipNotices.values()].filter(
      (n) => n.customer_id === customer && n.status !== STATUS.COMPLETED && n.lines.some((l) => l.quantity > l.quantity_good + l.quantity_damaged),
    );
    if (open.length === 0) throw new Error("no open ship notice");
    const notice = this.pick(open);
    const line = this.pick(notice.lines.filter((l) => l.quantity > l.quantity_good + l.quantity_damaged));
    const remaining = line.quantity - line.quantity_good - line.quantity_damaged;
    this.sim.receiveShipNotice(notice.id, [{ lineId: line.id, quantityGood: 1 + Math.floor(this.random() * remaining) }]);
    if (notice.lines.every((l) => l.quantity <= l.quantity_good + l.quantity_damaged)) this.sim.completeShipNotice(notice.id);
  }
}

// --- Processes --------------------------------------------------------------------------------------

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

async function waitForHealth(url: string, children: Child[]): Promise<void> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    const dead = children.find((c) => c.process.exitCode !== null);
    if (dead) throw new Error(`${dead.name} exited early (code ${dead.process.exitCode})`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${url}/healthz`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Pids of the processes whose environment holds `entry` (this run's secret marks its processes). */
function processesWithEnv(entry: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, "utf8").split("\0").includes(entry)) pids.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

function appliedCount(prisma: PrismaClient): Promise<number> {
  return prisma.inboundEvent.count({ where: { outcome: { in: ["APPLIED", "STALE"] } } });
}

/**
 * Waits (at most 20 s) until no live process holds a shop writer's lease: a writer finishes its run (and
 * its log writes) before releasing it, so after this only the killed worker's runs can be unfinished.
 */
async function liveWritersDone(prisma: PrismaClient, killedPid: number | undefined): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const held = await prisma.lease.findMany({ where: { name: { startsWith: writerLeaseName("") }, expiresAt: { gt: new Date() } }, select: { owner: true } });
    if (held.every((l) => killedPid !== undefined && l.owner.includes(`:${killedPid}:`))) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * SIGKILLs the worker holding a shop's writer lease (a write cut mid-run), or with `any` the first
 * worker when none holds one; null when it should look again later.
 */
async function killWorker(prisma: PrismaClient, workers: Child[], started: number, any: boolean): Promise<StormResult["killedWorker"]> {
  const alive = workers.filter((w) => w.process.exitCode === null && w.process.signalCode === null);
  if (alive.length < 2) throw new Error("--kill-worker needs at least two workers (the others take over)");
  const leases = await prisma.lease.findMany({ where: { name: { startsWith: writerLeaseName("") }, expiresAt: { gt: new Date() } } });
  const heldBy = (w: Child) => leases.filter((l) => l.owner.includes(`:${w.process.pid}:`)).map((l) => l.name);
  const victim = alive.find((w) => heldBy(w).length > 0) ?? (any ? alive[0] : undefined);
  if (!victim) return null;
  const appliedBefore = await appliedCount(prisma);
  victim.process.kill("SIGKILL");
  return { pid: victim.process.pid ?? -1, atSeconds: Number(elapsed(started)), atEpochMs: Date.now(), appliedBefore, heldWriterLeases: heldBy(victim) };
}

function tails(children: Child[]): string {
  return children
    .map((c) => {
      let text = "";
      try {
        text = readFileSync(c.logFile, "utf8");
      } catch {
        // no log yet
      }
      return `[${c.name}] ${text.slice(-1500)}`;
    })
    .join("\n");
}

function elapsed(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

// --- Inspection and checks --------------------------------------------------------------------------

interface ShopRef {
  shop: string;
  whiplashCustomerId: number;
}

interface View {
  settled: boolean;
  pendingEvents: number;
  pendingSyncs: number;
  waitingDeliveries: number;
  stockMismatches: number;
  receiptsDoubled: number;
  receiptsMissing: number;
  finalMismatches: number;
  skippedItems: number;
  comparedLocations: number;
  /** A few of the mismatches, to start an investigation from. */
  samples: MismatchSample[];
}

export interface MismatchSample {
  kind: "stock" | "receipt" | "shopify";
  shop: string;
  whiplashItemId: number;
  stored: unknown;
  truth: unknown;
  /** The item's lastEventAt in the app and updated_at at Whiplash. */
  storedAt: string | null;
  truthAt: string | null;
}

const numericId = (gid: string) => Number(gid.slice(gid.lastIndexOf("/") + 1));

/** Where things stand: what is still in flight, and every comparison with the simulators' truth. */
async function inspect(prisma: PrismaClient, shopify: ShopifySim, whiplash: WhiplashSimulator, shops: ShopRef[]): Promise<View> {
  const pendingEvents = await prisma.inboundEvent.count({ where: { outcome: "PENDING" } });
  const pendingSyncs = await prisma.pendingSync.count();
  const waitingDeliveries = whiplash.outbox.waiting;
  const store = new PrismaWriterStore(prisma);
  let stockMismatches = 0;
  let receiptsDoubled = 0;
  let receiptsMissing = 0;
  let finalMismatches = 0;
  let skippedItems = 0;
  let comparedLocations = 0;
  const samples: MismatchSample[] = [];
  const sample = (x: MismatchSample) => void (samples.length < 8 && samples.push(x));
  for (const s of shops) {
    const customer = await prisma.customer.findFirstOrThrow({ where: { whiplashCustomerId: s.whiplashCustomerId } });
    const items = await prisma.item.findMany({ where: { customerId: customer.id }, include: { stock: true, shipLines: true } });
    // The app's copy of the warehouse against the warehouse itself.
    const lineTruth = new Map<number, number>();
    for (const n of whiplash.state.shipNotices.values()) if (n.customer_id === s.whiplashCustomerId) for (const l of n.lines) lineTruth.set(l.id, l.quantity_good);
    for (const item of items) {
      const truth = whiplash.state.items.get(item.whiplashItemId);
      const have = Object.fromEntries(item.stock.filter((x) => x.sellable !== 0).map((x) => [x.warehouseId, x.sellable]));
      const want = Object.fromEntries([...(truth?.stock ?? new Map<number, number>())].filter(([, q]) => q !== 0));
      const at = { storedAt: item.lastEventAt?.toISOString() ?? null, truthAt: truth?.updated_at ?? null };
      if (JSON.stringify(sortKeys(have)) !== JSON.stringify(sortKeys(want))) {
        stockMismatches++;
        sample({ kind: "stock", shop: s.shop, whiplashItemId: item.whiplashItemId, stored: have, truth: want, ...at });
      }
      for (const line of item.shipLines) {
        const good = lineTruth.get(line.whiplashLineId);
        if (good !== undefined && good !== line.receivedGood) {
          if (line.receivedGood > good) receiptsDoubled++;
          else receiptsMissing++;
          sample({ kind: "receipt", shop: s.shop, whiplashItemId: item.whiplashItemId, stored: { line: line.whiplashLineId, good: line.receivedGood }, truth: { good }, ...at });
        }
      }
    }
    // Shopify against the rule: what app/domain/sync-target.ts computes from the stored item state.
    const context = await store.loadDecisionContext(s.shop, items.map((i) => i.id));
    const variants = shopify.shop(s.shop).inventoryItems;
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const [itemId, input] of context.items) {
      if (!context.shop || !context.customer || !input.link) continue;
      const target = syncTarget({ shop: context.shop, customer: context.customer, item: input.item, link: input.link, trigger: "WEBHOOK" });
      if (target.decision.kind !== "sync") {
        skippedItems++;
        continue;
      }
      const variant = variants.get(numericId(input.link.inventoryItemId));
      for (const location of target.locations) {
        comparedLocations++;
        const level = variant?.levels.find((l) => l.locationId === numericId(location.locationId));
        if (!level || level.available !== location.quantity) {
          finalMismatches++;
          const item = byId.get(itemId);
          sample({
            kind: "shopify",
            shop: s.shop,
            whiplashItemId: item?.whiplashItemId ?? -1,
            stored: { location: location.locationId, want: location.quantity },
            truth: { shopify: level?.available ?? null },
            storedAt: item?.lastEventAt?.toISOString() ?? null,
            truthAt: level ? new Date(level.updatedAt).toISOString() : null,
          });
        }
      }
    }
  }
  const settled =
    pendingEvents === 0 && pendingSyncs === 0 && waitingDeliveries === 0 && stockMismatches === 0 && receiptsMissing === 0 && finalMismatches === 0;
  return { settled, pendingEvents, pendingSyncs, waitingDeliveries, stockMismatches, receiptsDoubled, receiptsMissing, finalMismatches, skippedItems, comparedLocations, samples };
}

function sortKeys(o: Record<string, number>): [string, number][] {
  return Object.entries(o).sort(([a], [b]) => Number(a) - Number(b));
}

async function report(
  o: StormOptions,
  prisma: PrismaClient,
  shopify: ShopifySim,
  whiplash: WhiplashSimulator,
  shops: ShopRef[],
  view: View,
  children: Child[],
  timing: Pick<StormResult, "postsPerApp" | "killedWorker" | "stormSeconds" | "convergeSeconds" | "totalSeconds">,
): Promise<StormResult> {
  const deliveries = whiplash.outbox.deliveries;
  const distinct = new Set(deliveries.map((d) => d.body));
  const acknowledged = new Set(deliveries.filter((d) => typeof d.status === "number" && d.status < 300).map((d) => d.body));
  const events = await prisma.inboundEvent.findMany({ where: { source: "whiplash" }, select: { dedupeKey: true, outcome: true } });
  const byKey = new Map<string, string[]>();
  const eventOutcomes: Record<string, number> = {};
  for (const e of events) {
    byKey.set(e.dedupeKey, [...(byKey.get(e.dedupeKey) ?? []), e.outcome]);
    eventOutcomes[e.outcome] = (eventOutcomes[e.outcome] ?? 0) + 1;
  }
  let lost = 0;
  let storedTwice = 0;
  for (const body of acknowledged) {
    const outcomes = byKey.get(bodyHash(Buffer.from(body))) ?? [];
    if (!outcomes.some((x) => x === "APPLIED" || x === "STALE" || x === "UNUSED")) lost++;
    if (outcomes.length > 1) storedTwice++;
  }
  const notAcknowledged = distinct.size - acknowledged.size;

  const shopStates = shops.map((s) => shopify.shop(s.shop));
  const summary = await (await fetch(`${shopify.url}/_sim/faults`)).json() as {
    totals: Record<string, number>;
    byOperation: Record<string, number>;
    log: { at: number; kind: string; operation: string | null; reference: string | null }[];
  };
  const faultsByKind = summary.totals;
  const faultsByOperation = summary.byOperation;
  const writerCallFaults = WRITER_OPERATIONS.reduce((n, op) => n + (faultsByOperation[op] ?? 0), 0);
  // A fault answered to the worker we SIGKILL can never reach the sync log if that process dies before
  // its insert commits, which on a loaded machine can be long after the answer (the insert queues behind
  // the batch records). A writer run that finished has logged every fault it met (it awaits its log
  // writes before finishing), so a fault is excused only on a call of a run that never finished (the
  // killed worker's), or, for calls that name no run, when answered just before the kill.
  await liveWritersDone(prisma, timing.killedWorker?.pid);
  const runs = await prisma.syncRun.findMany({ select: { id: true, failed: true, finishedAt: true } });
  const finishedRuns = new Set(runs.filter((r) => r.finishedAt !== null).map((r) => referenceDocumentUri(r.id)));
  const killedAt = timing.killedWorker?.atEpochMs;
  const writerFaultsAtKill = summary.log.filter((f) => {
    if (f.operation === null || !WRITER_OPERATIONS.includes(f.operation)) return false;
    if (f.reference !== null) return !finishedRuns.has(f.reference);
    if (killedAt === undefined) return false;
    const window = KILL_WINDOW_MS + (f.kind === "hang" ? (o.hangMs ?? 0) : 0);
    return f.at <= killedAt && f.at >= killedAt - window;
  }).length;
  const faultsInjected = Object.values(faultsByKind).reduce((a, b) => a + b, 0);
  const maxConcurrentWritersPerShop = Math.max(0, ...shopStates.map((s) => s.counters.maxConcurrentWriters));
  const throttled = shopStates.reduce((n, s) => n + s.counters.throttled, 0);

  const syncLogFailed = await prisma.syncLog.count({ where: { decision: "FAILED" } });
  const syncLogCallFailed = await prisma.syncLog.count({ where: { decision: "CALL_FAILED" } });
  let loggedWarnings = 0;
  let subscriptionsRecreated = 0;
  let loggedErrors = 0;
  for (const c of children) {
    let text = "";
    try {
      text = readFileSync(c.logFile, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      if (line.includes("whiplash webhook subscriptions re-created")) subscriptionsRecreated++;
      if (/"level":"warn"|\bwarn\b/i.test(line)) loggedWarnings++;
      else if (/"level":"error"|\berror\b/i.test(line)) loggedErrors++;
    }
  }

  const checks: StormChecks = {
    converged: view.settled,
    lost: lost === 0,
    notAcknowledged: notAcknowledged === 0,
    storedTwice: storedTwice === 0,
    receiptsDoubled: view.receiptsDoubled === 0,
    receiptsMissing: view.receiptsMissing === 0,
    stockMismatches: view.stockMismatches === 0,
    shopifyMismatches: view.finalMismatches === 0,
    concurrentWriters: maxConcurrentWritersPerShop <= 1,
    // Every failure visible in the sync log: each fault on a writer call is one failed attempt the writer
    // records (more rows are fine: a client timeout or a lost connection fails an attempt with no fault).
    failuresVisible: syncLogCallFailed >= writerCallFaults - writerFaultsAtKill,
  };
  return {
    scenario: "storm",
    store: o.store,
    apps: o.apps,
    workers: o.workers,
    shops: o.shops,
    items: o.shops * o.itemsPerShop,
    actions: o.actions,
    eventsSent: deliveries.length,
    duplicatesSent: deliveries.filter((d) => d.duplicate).length,
    eventsDistinct: distinct.size,
    postsPerApp: timing.postsPerApp,
    lost,
    notAcknowledged,
    storedTwice,
    receiptsDoubled: view.receiptsDoubled,
    receiptsMissing: view.receiptsMissing,
    appliedTwice: storedTwice + view.receiptsDoubled,
    eventOutcomes,
    stockMismatches: view.stockMismatches,
    finalMismatches: view.finalMismatches,
    skippedItems: view.skippedItems,
    comparedLocations: view.comparedLocations,
    adminCalls: shopStates.reduce((n, s) => n + s.counters.graphqlRequests, 0),
    adminWritesApplied: shopStates.reduce((n, s) => n + s.history.length, 0),
    faultsInjected,
    faultsByKind,
    faultsByOperation,
    writerCallFaults,
    writerFaultsAtKill,
    syncLogCallFailed,
    syncLogFailed,
    syncRunsWithFailures: runs.filter((r) => r.failed > 0).length,
    syncRunsUnfinished: runs.filter((r) => r.finishedAt === null).length,
    syncRuns: runs.length,
    loggedWarnings,
    subscriptionsRecreated,
    loggedErrors,
    throttled,
    killedWorker: timing.killedWorker,
    maxConcurrentWritersPerShop,
    unsettled: { pendingEvents: view.pendingEvents, pendingSyncs: view.pendingSyncs, waitingDeliveries: view.waitingDeliveries },
    mismatchSamples: view.samples,
    stormSeconds: round(timing.stormSeconds),
    convergeSeconds: round(timing.convergeSeconds),
    totalSeconds: round(timing.totalSeconds),
    checks,
    // Counted by runStorm once the run's processes are stopped.
    leakedProcesses: 0,
    ok: Object.values(checks).every(Boolean),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
