// Intake benchmark: `npm run bench -- intake [--quick] [--events=N] [--concurrency=N] [--skip-build] [--store=sqlite,postgres]`.
//
// Builds the app, then per store (default both production stores: a fresh SQLite file, a fresh PostgreSQL
// database; see lib/bench-db.ts for the server) runs it in production mode (server.mjs, the same server as
// `npm start`, NODE_ENV=production) with the job queue the app wires for that database
// (app/.server/wiring/app-queue.ts), starts the worker (whiplash-event jobs only), and posts signed Whiplash webhooks from concurrent senders
// over loopback: `events` posts, 10% of them repeats of an earlier body (Whiplash retries). Then it waits
// for the worker to drain and checks the result against what was sent. One JSON line per store goes to
// stdout and to bench/results/intake.json:
//   events, concurrency       posts sent and senders
//   seconds, eventsPerSecond  time to post everything (all answered), posts per second
//   mode                      "worker-concurrent" (the worker applies events while they arrive, default) or
//                             "worker-after" (--worker-after: the worker starts once every post is answered)
//   appCpuMsPerEvent          CPU the app process spent per post while sending (Linux; steadier than wall time)
//   benchCpuMsPerEvent        CPU of this bench process per post while sending (the senders: HMAC + HTTP client)
//   workerCpuMsPerEvent       CPU of the worker per post while sending (0 with --worker-after)
//   workerDrainCpuMsPerEvent  CPU of the worker per post from the end of sending until drained
//                             (with --worker-after this includes the worker's start-up)
//   postgresCpuMsPerEvent     (PostgreSQL) CPU of the PostgreSQL server per post while sending (every backend:
//                             the app's inserts and the worker's claims alike; lib/proc-cpu.ts)
//                             (the bench, worker and worker-drain figures show who else eats the two cores while the app answers)
//   p50Ms, p99Ms              request latency (send -> response) of the posts
//   lost                      distinct bodies answered 2xx whose event was never applied (must be 0)
//   duplicatesApplied         bodies stored twice, plus whiplash-event jobs beyond one per stored event
//                             (counted through the queue's own countsByState, whichever queue it is)
//   drainSeconds              from the last answer until every event is applied
//   distinct, finalMismatches (extra) distinct bodies; items whose stored quantity is not the newest sent
// --worker-after starts the worker only once every post is answered (the intake alone, no competition).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrismaClient } from "../app/.server/db/create-prisma-client";
import { LOCAL_DEFAULTS } from "../simulators/shared/local-defaults";
import { freePort } from "../scripts/free-port";
import { WORKER_NODE_ARGS } from "../scripts/worker-command.mjs";
import type { JobQueue } from "../app/.server/jobs/types";
import { freshDatabase, parseStores, postgresServer, type StoreKind } from "./lib/bench-db";
import { postgresServerCpu } from "./lib/proc-cpu";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CUSTOMER = 1001;
const ITEMS = 1000;
const SECRET = "bench-whiplash-secret";

interface Options {
  quick: boolean;
  events: number;
  concurrency: number;
  duplicateShare: number;
  skipBuild: boolean;
  /** Start the worker only after every post was answered (measures the intake alone). */
  workerAfter: boolean;
  stores: StoreKind[];
}

function parseArgs(args: string[]): Options {
  const get = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const quick = args.includes("--quick");
  return {
    quick,
    events: Number(get("events") ?? (quick ? 2_000 : 20_000)),
    concurrency: Number(get("concurrency") ?? 64),
    duplicateShare: 0.1,
    skipBuild: args.includes("--skip-build"),
    workerAfter: args.includes("--worker-after"),
    stores: parseStores(get("store"), ["sqlite", "postgres"]),
  };
}

/** User + system CPU seconds of a process so far (Linux /proc; undefined elsewhere). Steadier than wall time on a shared machine. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14, 15) in clock ticks
  } catch {
    return undefined;
  }
}

/** Deterministic PRNG so every run sends the same traffic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Traffic {
  /** Bodies in send order (duplicates included). */
  sends: string[];
  distinct: string[];
  /** Whiplash item id -> the newest quantities sent for it. */
  newest: Map<number, { at: number; quantities: Record<number, number> }>;
}

function makeTraffic(total: number, duplicateShare: number): Traffic {
  const rand = random(4242);
  const distinctCount = Math.round(total * (1 - duplicateShare));
  const base = Date.UTC(2026, 10, 1);
  const distinct: string[] = [];
  const newest: Traffic["newest"] = new Map();
  for (let k = 0; k < distinctCount; k++) {
    const itemId = 10_000 + Math.floor(rand() * ITEMS);
    const at = base + k * 1000; // strictly increasing warehouse timestamps
    const quantities: Record<number, number> = { 1: Math.floor(rand() * 120) };
    if (itemId % 5 === 0) quantities[2] = Math.floor(rand() * 30);
    const name = rand() < 0.8 ? "item.inventory_changed" : "item.inventory_adjusted";
    distinct.push(
      JSON.stringify({
        event_name: name,
        item: {
          id: itemId,
          customer_id: CUSTOMER,
          sku: `SKU-${String(itemId - 10_000 + 1).padStart(5, "0")}`,
          quantity: Object.values(quantities).reduce((a, b) => a + b, 0),
          updated_at: new Date(at).toISOString(),
          warehouse_quantities: Object.entries(quantities).map(([w, q]) => ({ warehouse_id: Number(w), quantity: q, sellable_quantity: q })),
        },
      }),
    );
    const prev = newest.get(itemId);
    if (!prev || prev.at < at) newest.set(itemId, { at, quantities });
  }
  // Duplicates: an earlier body sent again a little later (as a Whiplash retry would be).
  const sends = [...distinct];
  for (let d = 0; d < total - distinctCount; d++) {
    const original = Math.floor(rand() * distinctCount);
    const position = Math.min(sends.length, original + 1 + Math.floor(rand() * 500));
    sends.splice(position, 0, distinct[original]);
  }
  return { sends, distinct, newest };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function startProcess(command: string, args: string[], env: Record<string, string>, label: string): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(chunk.toString());
    if (tail.length > 40) tail.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("exit", (code, signal) => {
    if (code && code !== 0) process.stderr.write(`[${label}] exited ${code ?? signal}\n${tail.join("").slice(-4000)}\n`);
  });
  return child;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  if (args.includes("--in-process")) {
    process.stdout.write(JSON.stringify(await runIntake(options, options.stores[0])) + "\n");
    return;
  }
  if (!options.skipBuild) {
    const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const postgres = options.stores.includes("postgres") ? postgresServer(ROOT) : null;
  const lines: string[] = [];
  try {
    // One process per store: the queue and Prisma client the bench reads through are the app's own
    // modules, which bind to DATABASE_URL once per process.
    for (const store of options.stores) {
      const child = spawnSync(
        process.execPath,
        ["--import", "tsx", path.join(ROOT, "bench/run.ts"), "intake", ...args.filter((a) => !a.startsWith("--store=")), `--store=${store}`, "--skip-build", "--in-process"],
        { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...(postgres ? { BENCH_POSTGRES_URL: postgres.url } : {}) } },
      );
      const line = child.stdout.trim().split("\n").findLast((l) => l.startsWith("{"));
      if (child.status !== 0 || !line) throw new Error(`intake on ${store} failed (exit ${child.status})`);
      process.stdout.write(line + "\n");
      lines.push(line);
      mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
      writeFileSync(path.join(ROOT, "bench/results/intake.json"), lines.join("\n") + "\n");
    }
  } finally {
    postgres?.stop();
  }
}

async function runIntake(options: Options, store: StoreKind): Promise<Record<string, unknown>> {
  if (store === "memory") throw new Error("intake runs on the production stores only");
  const database = await freshDatabase(store, "intake", ROOT);
  const databaseUrl = database.url;
  let app: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let stopQueue: (() => Promise<void>) | undefined;

  try {
    // Seed: one customer with two shops (sync on / off), every item matched in both.
    const prisma = createPrismaClient(databaseUrl);
    const customer = await prisma.customer.create({ data: { whiplashCustomerId: CUSTOMER, name: "Bench" } });
    for (const [shopId, syncEnabled] of [
      ["bench-on.myshopify.com", true],
      ["bench-off.myshopify.com", false],
    ] as const) {
      await prisma.shop.create({ data: { id: shopId, customerId: customer.id, syncEnabled, defaultLocationId: "gid://shopify/Location/1" } });
    }
    for (let i = 0; i < ITEMS; i++) {
      const item = await prisma.item.create({
        data: {
          customerId: customer.id,
          whiplashItemId: 10_000 + i,
          sku: `SKU-${String(i + 1).padStart(5, "0")}`,
          processOrders: true,
          processOrdersSetBy: "AUTOMATION",
        },
      });
      for (const shopId of ["bench-on.myshopify.com", "bench-off.myshopify.com"]) {
        await prisma.itemLink.create({
          data: {
            shopId,
            itemId: item.id,
            productId: `gid://shopify/Product/${i + 1}`,
            variantId: `gid://shopify/ProductVariant/${i + 1}`,
            inventoryItemId: `gid://shopify/InventoryItem/${i + 1}`,
          },
        });
      }
    }

    const port = await freePort();
    const env: Record<string, string> = {
      ...LOCAL_DEFAULTS,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION: "true",
      WHIPLASH_CLIENT_SECRET: SECRET,
      LOG_LEVEL: "warn",
    };
    // INTAKE_APP_NODE_ARGS: extra node flags for the app process only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    // (NODE_OPTIONS refuses --cpu-prof, and would profile every process).
    const appNodeArgs = process.env.INTAKE_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
    app = startProcess(process.execPath, [...appNodeArgs, path.join(ROOT, "server.mjs")], env, "app");
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000, "the app to answer /healthz");
    // The queue the app and worker use for this database, built the same way (app-queue.ts binds to
    // DATABASE_URL when first imported), so the drain and duplicate checks follow whichever queue it is.
    Object.assign(process.env, env);
    const appQueue = (await import("../app/.server/wiring/app-queue")) as { jobQueue: JobQueue; stopAppJobQueue(): Promise<void> };
    const { jobQueue } = appQueue;
    stopQueue = appQueue.stopAppJobQueue;
    // One node process (no tsx wrapper) so /proc shows its CPU. Running beside the senders, it is booted
    // (health endpoint answering, nothing queued yet) before the clock starts, so its start-up is not
    // counted against the send; with --worker-after its start-up is part of the drain (the health
    // endpoint would answer only between batches).
    const healthPort = await freePort();
    const startWorker = () =>
      startProcess(
        process.execPath,
        [...WORKER_NODE_ARGS, "--only", "whiplash-event"],
        { ...env, WORKER_HEALTH_PORT: String(healthPort) },
        "worker",
      );
    if (!options.workerAfter) {
      worker = startWorker();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${healthPort}/healthz`)).ok, 120_000, "the worker to answer /healthz");
    }

    // Send.
    const traffic = makeTraffic(options.events, options.duplicateShare);
    // node:http with keep-alive connections, one per sender: the senders stand in for Whiplash's own
    // machines, and fetch (undici, Web streams) cost about as much CPU per post as the app's whole intake,
    // on the same two cores.
    const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
    const post = (body: string, signature: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: "127.0.0.1",
            port,
            path: "/webhooks/whiplash",
            method: "POST",
            agent,
            headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-whiplash-signature": signature },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    const latencies: number[] = [];
    const acknowledged = new Set<string>();
    let failures = 0;
    let next = 0;
    const postgresCpu = store === "postgres" ? await postgresServerCpu(databaseUrl) : null;
    const postgresCpuBefore = postgresCpu?.read() ?? null;
    const appCpuBefore = cpuSeconds(app.pid);
    const workerCpuBefore = worker ? cpuSeconds(worker.pid) : 0;
    const benchCpuBefore = process.cpuUsage();
    const started = performance.now();
    const sender = async () => {
      while (next < traffic.sends.length) {
        const body = traffic.sends[next++];
        const signature = createHmac("sha256", SECRET).update(body).digest("hex");
        const t0 = performance.now();
        try {
          const status = await post(body, signature);
          latencies.push(performance.now() - t0);
          if (status >= 200 && status < 300) acknowledged.add(body);
          else failures++;
        } catch {
          failures++;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, sender));
    agent.destroy();
    const sendSeconds = (performance.now() - started) / 1000;
    const appCpuSend = appCpuBefore === undefined ? undefined : (cpuSeconds(app.pid) ?? NaN) - appCpuBefore;
    const postgresCpuAfter = postgresCpu?.read() ?? null;
    const postgresCpuSend = postgresCpuAfter !== null && postgresCpuBefore !== null ? postgresCpuAfter - postgresCpuBefore : undefined;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const benchCpuSend = (benchCpu.user + benchCpu.system) / 1e6;
    const workerCpuSend = !worker ? 0 : workerCpuBefore === undefined ? undefined : (cpuSeconds(worker.pid) ?? NaN) - workerCpuBefore;
    const workerCpuDrainBefore = worker ? cpuSeconds(worker.pid) : 0;
    // Drain: every event has an outcome and no whiplash-event job is waiting or running.
    const drainStart = performance.now();
    worker ??= startWorker();
    const waiting = async () => {
      const c = await jobQueue.countsByState({ name: "whiplash-event" });
      return c.created + c.retry + c.active;
    };
    await waitFor(
      async () => (await prisma.inboundEvent.count({ where: { outcome: "PENDING" } })) === 0 && (await waiting()) === 0,
      30 * 60_000,
      "the worker to drain",
    );
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const workerCpuDrain = workerCpuDrainBefore === undefined ? undefined : (cpuSeconds(worker.pid) ?? NaN) - workerCpuDrainBefore;

    // Check.
    const hash = (body: string) => createHash("sha256").update(body).digest("hex");
    const stored = await prisma.inboundEvent.findMany({ select: { id: true, dedupeKey: true, outcome: true } });
    const byKey = new Map<string, { id: string; outcome: string }[]>();
    for (const e of stored) byKey.set(e.dedupeKey, [...(byKey.get(e.dedupeKey) ?? []), e]);
    const counts = await jobQueue.countsByState({ name: "whiplash-event" });
    const jobsQueued = Object.values(counts).reduce((a, b) => a + b, 0);
    let lost = 0;
    let storedTwice = 0;
    for (const body of acknowledged) {
      const rows = byKey.get(hash(body)) ?? [];
      if (!rows.some((r) => r.outcome === "APPLIED" || r.outcome === "STALE")) lost++;
      if (rows.length > 1) storedTwice++;
    }
    // Every stored event gets exactly one job: more jobs than events means one was queued twice.
    const duplicatesApplied = storedTwice + Math.max(0, jobsQueued - stored.length);
    let finalMismatches = 0;
    const items = await prisma.item.findMany({ select: { whiplashItemId: true, stock: true } });
    for (const item of items) {
      const want = traffic.newest.get(item.whiplashItemId);
      if (!want) continue;
      const have = Object.fromEntries(item.stock.map((s) => [s.warehouseId, s.sellable]));
      for (const [w, q] of Object.entries(want.quantities)) if (have[Number(w)] !== q) finalMismatches++;
    }
    await prisma.$disconnect();

    latencies.sort((a, b) => a - b);
    const perEvent = (cpu: number | undefined) => (cpu === undefined ? undefined : Math.round((cpu * 1000 * 100) / traffic.sends.length) / 100);
    const result = {
      scenario: options.quick ? "intake-quick" : "intake",
      store,
      mode: options.workerAfter ? "worker-after" : "worker-concurrent",
      events: traffic.sends.length,
      concurrency: options.concurrency,
      seconds: Number(sendSeconds.toFixed(2)),
      eventsPerSecond: Math.round(traffic.sends.length / sendSeconds),
      appCpuMsPerEvent: perEvent(appCpuSend),
      benchCpuMsPerEvent: perEvent(benchCpuSend),
      workerCpuMsPerEvent: perEvent(workerCpuSend),
      workerDrainCpuMsPerEvent: perEvent(workerCpuDrain),
      ...(store === "postgres" ? { postgresCpuMsPerEvent: perEvent(postgresCpuSend) ?? null } : {}),
      p50Ms: Number(percentile(latencies, 50).toFixed(1)),
      p99Ms: Number(percentile(latencies, 99).toFixed(1)),
      lost,
      duplicatesApplied,
      drainSeconds: Number(drainSeconds.toFixed(2)),
      distinct: traffic.distinct.length,
      failedRequests: failures,
      finalMismatches,
      eventsStored: stored.length,
      jobsQueued,
    };
    return result;
  } finally {
    await stopProcess(worker);
    await stopProcess(app);
    // This process's own pg-boss (it reads the queue's counts) ends before its database is dropped; the
    // drop would otherwise cut its connections and pg-boss would log the error.
    await stopQueue?.();
    await database.drop();
  }
}
