// Writer benchmark: `npm run bench -- writer [--quick] [--only=a,b] [--store=sqlite,postgres,memory]`.
//
// Every scenario runs the real shop writer and throttled client against the Shopify simulator over
// real HTTP on loopback with 100 ms per call, once per store (default: the production stores, SQLite
// and PostgreSQL; the in-memory stand-in only when asked), and prints one JSON line naming its store
// (also written to bench/results/writer.json). See bench/README.md for what each number means.
import { execFileSync } from "node:child_process";
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Plan } from "../simulators/shopify";
import { DEFAULT_WRITER_SETTINGS } from "../app/.server/sync/writer/writer-settings";
import { BenchShop, percentile, type BenchShopOptions } from "./lib/bench-shop";
import type { ShopStats } from "./lib/sim-process";
import { parseStores, postgresServer, type StoreKind } from "./lib/bench-db";
import { WORKER_V8_FLAGS } from "../scripts/worker-command.mjs";
import { ceiling, type CeilingInput } from "./lib/ceiling";
import { DEFAULT_WORKER_NICENESS, lowerProcessPriority } from "../app/.server/process-priority";
import { runNaiveWriter } from "./lib/naive-writer";
import { runCallsOnly } from "./lib/calls-only";
import { countPgQueries } from "./lib/pg-round-trips";
import { postgresServerCpu, processCpuSeconds, processNiceness } from "./lib/proc-cpu";

const LATENCY_MS = 100;
const SET_OPERATION = "InventorySetQuantities";

interface DrainScenario {
  kind: "drain";
  name: string;
  plan: Plan;
  items: number;
}
interface TrickleScenario {
  kind: "burst-trickle";
  name: string;
  plan: Plan;
  ratePerSecond: number;
  seconds: number;
  burstItems: number;
  burstAtSeconds: number;
}
interface NaiveScenario {
  kind: "naive";
  name: string;
  plan: Plan;
  items: number;
  seconds: number;
  /** Items the report extrapolates to (the standard-200k input). */
  extrapolateTo: number;
}
/** The drain's Shopify calls alone, no store (bench/lib/calls-only.ts): a labelled floor, not a headline. */
interface CallsOnlyScenario {
  kind: "calls-only";
  name: string;
  plan: Plan;
  items: number;
}
type Scenario = DrainScenario | TrickleScenario | NaiveScenario | CallsOnlyScenario;

const FULL: Scenario[] = [
  { kind: "drain", name: "standard-200k", plan: "Standard", items: 200_000 },
  { kind: "drain", name: "advanced-400k", plan: "Advanced", items: 400_000 },
  { kind: "drain", name: "plus-200k", plan: "Plus", items: 200_000 },
  { kind: "calls-only", name: "plus-200k-calls-only", plan: "Plus", items: 200_000 },
  { kind: "burst-trickle", name: "burst-trickle", plan: "Standard", ratePerSecond: 500, seconds: 60, burstItems: 20_000, burstAtSeconds: 30 },
  { kind: "naive", name: "naive-standard", plan: "Standard", items: 200_000, seconds: 60, extrapolateTo: 200_000 },
];

/** Small versions CI can afford (under 30 s together). */
const QUICK: Scenario[] = [
  { kind: "drain", name: "standard-60k", plan: "Standard", items: 60_000 },
  { kind: "drain", name: "plus-20k", plan: "Plus", items: 20_000 },
  { kind: "calls-only", name: "plus-20k-calls-only", plan: "Plus", items: 20_000 },
  { kind: "burst-trickle", name: "burst-trickle-quick", plan: "Standard", ratePerSecond: 500, seconds: 5, burstItems: 5_000, burstAtSeconds: 2.5 },
  { kind: "naive", name: "naive-standard-quick", plan: "Standard", items: 20_000, seconds: 4, extrapolateTo: 200_000 },
];

export interface WriterBenchResult {
  scenario: string;
  plan: Plan;
  items: number;
  seconds: number;
  itemsPerSecond: number;
  ceilingItemsPerSecond: number;
  ratioToCeiling: number;
  throttled: number;
  errors: number;
  finalMismatches: number;
  p50LatencyMs: number | null;
  p99LatencyMs: number | null;
  [extra: string]: unknown;
}

/** The ceiling under this bench's rules: 100 ms per call, the writer's calls in flight (bench/lib/ceiling.ts). */
const writerCeiling = (c: Omit<CeilingInput, "latencyMs" | "maxInFlight">) => ceiling({ ...c, latencyMs: LATENCY_MS, maxInFlight: DEFAULT_WRITER_SETTINGS.maxInFlight });

/**
 * The bench's shop, with this process then lowered to the worker's CPU priority: the writer runs in the
 * worker, below the web process (app/.server/process-priority.ts), at WORKER_NICENESS or its default (0
 * runs the bench without it). Lowered only once the simulator is forked: a child inherits its parent's
 * niceness, and the stand-in for Shopify's servers, which share no cores with ours, must not wait behind
 * the database server as a niced writer does (it did: every call then took longer on PostgreSQL).
 */
async function startShop(options: BenchShopOptions): Promise<BenchShop> {
  const bench = await BenchShop.start(options);
  lowerProcessPriority(process.env.WORKER_NICENESS ? Number(process.env.WORKER_NICENESS) : DEFAULT_WORKER_NICENESS);
  return bench;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function drain(s: DrainScenario, store: StoreKind): Promise<WriterBenchResult> {
  const bench = await startShop({ plan: s.plan, items: s.items, latencyMs: LATENCY_MS, store, scenario: s.name, initial: (i) => 1 + (i % 1000) });
  try {
    const initialBucket = (await bench.stats()).bucket.maximumAvailable;
    const all = Array.from({ length: s.items }, (_, i) => i);
    await bench.change(all);
    const client = bench.client();
    const meter = await Meter.start(bench);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await bench.runWriter(client, { lingerMs: 0 });
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(cpuBefore);
    const others = meter.stop(result.calls);
    const stats = await bench.stats();
    const batchSize = bench.calibration.maxBatchSize(SET_OPERATION, DEFAULT_WRITER_SETTINGS.maxQuantitiesPerCall, DEFAULT_WRITER_SETTINGS.costLimitPerCall);
    const best = writerCeiling({
      items: s.items,
      batchSize,
      costPerCall: bench.calibration.actual(SET_OPERATION, batchSize),
      initialBucket,
      restoreRate: stats.bucket.restoreRate,
    });
    const latencies = (await bench.latencies()).sorted;
    const itemsPerSecond = s.items / seconds;
    const ceilingItemsPerSecond = s.items / best.seconds;
    return {
      scenario: s.name,
      plan: s.plan,
      items: s.items,
      seconds: round(seconds),
      itemsPerSecond: round(itemsPerSecond, 1),
      ceilingItemsPerSecond: round(ceilingItemsPerSecond, 1),
      ratioToCeiling: round(itemsPerSecond / ceilingItemsPerSecond),
      throttled: stats.counters.throttled,
      errors: result.failed + client.stats.failures,
      finalMismatches: await bench.finalMismatches(),
      p50LatencyMs: percentile(latencies, 50),
      p99LatencyMs: percentile(latencies, 99),
      store,
      cpuSeconds: round(cpu),
      cpuMsPerThousandItems: round((cpu * 1e6) / s.items, 1),
      ...others,
      ...callTimes(client, stats),
      calls: result.calls,
      ceilingSeconds: round(best.seconds),
      rateBoundSeconds: round(best.rateBoundSeconds),
      latencyBoundSeconds: round(best.latencyBoundSeconds),
      costPerCall: bench.calibration.actual(SET_OPERATION, batchSize),
      batchSize,
    };
  } finally {
    await bench.close();
  }
}

async function burstTrickle(s: TrickleScenario, store: StoreKind): Promise<WriterBenchResult> {
  const trickleItems = s.ratePerSecond * s.seconds;
  const items = trickleItems + s.burstItems;
  const bench = await startShop({ plan: s.plan, items, latencyMs: LATENCY_MS, store, scenario: s.name, initial: () => 0 });
  try {
    const initialBucket = (await bench.stats()).bucket.maximumAvailable;
    const client = bench.client();
    const stop = new AbortController();
    // The writer runs as the job would: it keeps polling while changes keep coming.
    const meter = await Meter.start(bench);
    const cpuBefore = process.cpuUsage();
    const writer = bench.runWriter(client, { lingerMs: 60_000 }, stop.signal);
    const started = Date.now();
    let sent = 0;
    let burstSent = false;
    // Each change sets a new quantity on an item not changed before, so every change is its own
    // visible update (no coalescing hides latency).
    while (sent < trickleItems) {
      const elapsed = (Date.now() - started) / 1000;
      const due = Math.min(trickleItems, Math.floor(elapsed * s.ratePerSecond));
      if (due > sent) {
        const indices = Array.from({ length: due - sent }, (_, k) => sent + k);
        await bench.change(indices, (i) => 1 + (i % 997));
        sent = due;
      }
      if (!burstSent && elapsed >= s.burstAtSeconds) {
        burstSent = true;
        await bench.change(Array.from({ length: s.burstItems }, (_, k) => trickleItems + k), (i) => 1 + (i % 991));
      }
      await sleep(10);
    }
    const producerSeconds = (Date.now() - started) / 1000;
    while ((await bench.pendingCount()) > 0) await sleep(20);
    stop.abort();
    const result = await writer;
    const cpu = cpuSeconds(cpuBefore);
    const others = meter.stop(result.calls);
    const stats = await bench.stats();
    const { sorted: latencies, lastVisibleAt } = await bench.latencies();
    const seconds = (lastVisibleAt - started) / 1000;
    const batchSize = bench.calibration.maxBatchSize(SET_OPERATION, DEFAULT_WRITER_SETTINGS.maxQuantitiesPerCall, DEFAULT_WRITER_SETTINGS.costLimitPerCall);
    const best = writerCeiling({
      items,
      batchSize,
      costPerCall: bench.calibration.actual(SET_OPERATION, batchSize),
      initialBucket,
      restoreRate: stats.bucket.restoreRate,
    });
    // Nobody can make the last change visible before it is made.
    const ceilingSeconds = Math.max(best.seconds, producerSeconds);
    return {
      scenario: s.name,
      plan: s.plan,
      items,
      seconds: round(seconds),
      itemsPerSecond: round(items / seconds, 1),
      ceilingItemsPerSecond: round(items / ceilingSeconds, 1),
      ratioToCeiling: round(ceilingSeconds / seconds),
      throttled: stats.counters.throttled,
      errors: result.failed + client.stats.failures,
      finalMismatches: await bench.finalMismatches(),
      p50LatencyMs: percentile(latencies, 50),
      p99LatencyMs: percentile(latencies, 99),
      store,
      cpuSeconds: round(cpu),
      ...others,
      ...callTimes(client, stats),
      calls: result.calls,
      trickleChangesPerSecond: s.ratePerSecond,
      burstItems: s.burstItems,
      latencySamples: latencies.length,
      maxLatencyMs: latencies.at(-1) ?? null,
    };
  } finally {
    await bench.close();
  }
}

/**
 * Mean time of a Shopify call as the writer's client saw it (send to answer read), and as the simulator
 * answered it (arrival to answer sent; asked for: 100 ms). Their gap is time the call spent in the two
 * processes' queues and the kernel on the shared cores; what the simulator adds beyond 100 ms is its own.
 */
function callTimes(client: { stats: { answered: number; roundTripMsTotal: number } }, stats: ShopStats): { callRoundTripMs: number | null; simulatorAnswerMs: number | null } {
  const mean = (total: number, n: number) => (n > 0 ? round(total / n, 2) : null);
  return {
    callRoundTripMs: mean(client.stats.roundTripMsTotal, client.stats.answered),
    simulatorAnswerMs: mean(stats.counters.answerMsTotal, stats.counters.answered),
  };
}

async function naive(s: NaiveScenario): Promise<WriterBenchResult> {
  const bench = await startShop({ plan: s.plan, items: s.items, latencyMs: LATENCY_MS, store: "memory", scenario: s.name, initial: (i) => 1 + (i % 1000) });
  try {
    const started = Date.now();
    const run = await runNaiveWriter({
      baseUrl: bench.simUrl,
      shop: bench.shop,
      token: bench.token,
      locationId: bench.locationId,
      items: bench.inventoryItemIds.map((inventoryItemId, i) => ({ inventoryItemId, quantity: bench.wanted[i] })),
      concurrency: DEFAULT_WRITER_SETTINGS.maxInFlight,
      durationMs: s.seconds * 1000,
    });
    for (let i = 0; i < s.items; i++) bench.enqueuedAt[i] = started;
    const itemsPerSecond = run.written / run.seconds;
    const stats = await bench.stats();
    // Our ceiling for the same input: one 10-point call per 250 items.
    const best = writerCeiling({
      items: s.extrapolateTo,
      batchSize: 250,
      costPerCall: 10,
      initialBucket: stats.bucket.maximumAvailable,
      restoreRate: stats.bucket.restoreRate,
    });
    const latencies = (await bench.latencies()).sorted;
    return {
      scenario: s.name,
      plan: s.plan,
      items: s.items,
      seconds: round(run.seconds),
      itemsPerSecond: round(itemsPerSecond, 1),
      ceilingItemsPerSecond: round(s.extrapolateTo / best.seconds, 1),
      ratioToCeiling: round(itemsPerSecond / (s.extrapolateTo / best.seconds), 4),
      throttled: stats.counters.throttled,
      errors: run.errors,
      finalMismatches: await bench.finalMismatches(),
      p50LatencyMs: percentile(latencies, 50),
      p99LatencyMs: percentile(latencies, 99),
      // The strawman talks to Shopify only; it has no store.
      store: "none",
      written: run.written,
      extrapolatedSecondsFor: s.extrapolateTo,
      extrapolatedSeconds: round(s.extrapolateTo / itemsPerSecond, 0),
      extrapolatedHours: round(s.extrapolateTo / itemsPerSecond / 3600, 2),
    };
  } finally {
    await bench.close();
  }
}

/**
 * What the HTTP client and the simulator alone allow on this machine: a drain's calls with no store and no
 * decisions, against the same ceiling. Its store is "none": it is a floor for reading plus-200k, not a result.
 */
async function callsOnly(s: CallsOnlyScenario): Promise<WriterBenchResult> {
  const bench = await startShop({ plan: s.plan, items: s.items, latencyMs: LATENCY_MS, store: "memory", scenario: s.name, initial: (i) => 1 + (i % 1000) });
  try {
    const initialBucket = (await bench.stats()).bucket.maximumAvailable;
    const client = bench.client();
    const meter = await Meter.start(bench);
    const cpuBefore = process.cpuUsage();
    const run = await runCallsOnly({
      client,
      inventoryItemIds: bench.inventoryItemIds,
      locationId: bench.locationId,
      quantity: (i) => bench.wanted[i],
      batchSize: DEFAULT_WRITER_SETTINGS.maxQuantitiesPerCall,
      maxInFlight: DEFAULT_WRITER_SETTINGS.maxInFlight,
    });
    const cpu = cpuSeconds(cpuBefore);
    const others = meter.stop(run.calls);
    const stats = await bench.stats();
    const best = writerCeiling({
      items: s.items,
      batchSize: DEFAULT_WRITER_SETTINGS.maxQuantitiesPerCall,
      costPerCall: bench.calibration.actual(SET_OPERATION, DEFAULT_WRITER_SETTINGS.maxQuantitiesPerCall),
      initialBucket,
      restoreRate: stats.bucket.restoreRate,
    });
    const itemsPerSecond = s.items / run.seconds;
    return {
      scenario: s.name,
      plan: s.plan,
      items: s.items,
      seconds: round(run.seconds),
      itemsPerSecond: round(itemsPerSecond, 1),
      ceilingItemsPerSecond: round(s.items / best.seconds, 1),
      ratioToCeiling: round(best.seconds / run.seconds),
      throttled: stats.counters.throttled,
      errors: run.userErrors + client.stats.failures,
      finalMismatches: await bench.finalMismatches(),
      p50LatencyMs: null,
      p99LatencyMs: null,
      store: "none",
      cpuSeconds: round(cpu),
      ...others,
      ...callTimes(client, stats),
      calls: run.calls,
      ceilingSeconds: round(best.seconds),
    };
  } finally {
    await bench.close();
  }
}

/** CPU time of this process (writer, client, store, and the bench's own producer) since `before`. */
function cpuSeconds(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/**
 * Where the rest of the machine went during a run: CPU seconds of the PostgreSQL server (its whole
 * cluster) and of the simulator process, and the statements this process sent to PostgreSQL per
 * Shopify call (a call is one batch: its fill and its record). Null where it does not apply.
 */
class Meter {
  private constructor(
    private readonly bench: BenchShop,
    private readonly postgres: { read(): number | null } | null,
    private readonly before: { postgres: number | null; simulator: number | null; queries: number },
    private readonly queries: (() => number) | null,
    private readonly loopDelay: IntervalHistogram,
  ) {}

  static async start(bench: BenchShop): Promise<Meter> {
    const url = bench.databaseUrl;
    const postgres = url && /^postgres/.test(url) ? await postgresServerCpu(url) : null;
    const queries = postgres ? countPgQueries() : null;
    // How late this process's event loop ran a timer due every millisecond: an answer that arrives while
    // the writer is busy with a page or a record waits as long before its call slot is refilled.
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    return new Meter(bench, postgres, { postgres: postgres?.read() ?? null, simulator: processCpuSeconds(bench.sim.pid), queries: queries?.() ?? 0 }, queries, loopDelay);
  }

  stop(calls: number): {
    postgresCpuSeconds: number | null;
    simulatorCpuSeconds: number | null;
    pgQueriesPerCall: number | null;
    writerNiceness: number | null;
    simulatorNiceness: number | null;
    writerLoopDelayMs: { mean: number; p99: number; max: number };
  } {
    this.loopDelay.disable();
    const ms = (ns: number) => round(ns / 1e6, 2);
    const pgAfter = this.postgres?.read() ?? null;
    const simAfter = processCpuSeconds(this.bench.sim.pid);
    const queries = this.queries ? this.queries() - this.before.queries : null;
    return {
      postgresCpuSeconds: pgAfter !== null && this.before.postgres !== null ? round(pgAfter - this.before.postgres) : null,
      simulatorCpuSeconds: simAfter !== null && this.before.simulator !== null ? round(simAfter - this.before.simulator) : null,
      pgQueriesPerCall: queries !== null && calls > 0 ? round(queries / calls, 2) : null,
      // The CPU priorities the run had (startShop): the writer's as the worker's, the simulator's as ours.
      writerNiceness: processNiceness(process.pid),
      simulatorNiceness: processNiceness(this.bench.sim.pid),
      writerLoopDelayMs: { mean: ms(this.loopDelay.mean), p99: ms(this.loopDelay.percentile(99)), max: ms(this.loopDelay.max) },
    };
  }
}

function parse(args: string[]) {
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  return { quick: args.includes("--quick"), only: flag("only")?.split(","), stores: parseStores(flag("store"), ["sqlite", "postgres", "memory"]) };
}

/** The strawman and the calls-only floor have no store: they run once, whatever stores are asked for. */
function storesOf(s: Scenario, stores: StoreKind[]): StoreKind[] {
  return s.kind === "naive" || s.kind === "calls-only" ? stores.slice(0, 1) : stores;
}

function runScenario(s: Scenario, store: StoreKind): Promise<WriterBenchResult> {
  switch (s.kind) {
    case "drain":
      return drain(s, store);
    case "burst-trickle":
      return burstTrickle(s, store);
    case "naive":
      return naive(s);
    case "calls-only":
      return callsOnly(s);
  }
}

/**
 * Each scenario runs in a fresh process (so one scenario's garbage does not slow the next one down),
 * which prints its JSON line; this process collects the lines into the results file.
 */
function runInChild(s: Scenario, store: StoreKind, args: string[], env: NodeJS.ProcessEnv): WriterBenchResult {
  const passed = args.filter((a) => !a.startsWith("--only=") && !a.startsWith("--store="));
  const out = execFileSync(
    process.execPath,
    // The writer runs in this child as in a worker process: with the worker's V8 flags.
    [...WORKER_V8_FLAGS, "--import", "tsx", "--max-old-space-size=4096", path.resolve("bench/run.ts"), "writer", ...passed, `--only=${s.name}`, `--store=${store}`, "--in-process"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24, env },
  );
  const line = out.trim().split("\n").findLast((l) => l.startsWith("{"));
  if (!line) throw new Error(`scenario ${s.name} (${store}) printed no result`);
  return JSON.parse(line) as WriterBenchResult;
}

export async function run(args: string[]): Promise<void> {
  const { quick, only, stores } = parse(args);
  const scenarios = (quick ? QUICK : FULL).filter((s) => !only || only.includes(s.name));
  if (args.includes("--in-process")) {
    for (const s of scenarios) for (const store of storesOf(s, stores)) process.stdout.write(JSON.stringify(await runScenario(s, store)) + "\n");
    return;
  }
  const postgres = stores.includes("postgres") && scenarios.some((s) => s.kind === "drain" || s.kind === "burst-trickle") ? postgresServer(path.resolve(".")) : null;
  const env = { ...process.env, ...(postgres ? { BENCH_POSTGRES_URL: postgres.url } : {}) };
  const resultsFile = path.resolve("bench/results/writer.json");
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  const lines: string[] = [];
  try {
    for (const s of scenarios) {
      for (const store of storesOf(s, stores)) {
        const line = JSON.stringify(runInChild(s, store, args, env));
        process.stdout.write(line + "\n");
        lines.push(line);
        writeFileSync(resultsFile, lines.join("\n") + "\n");
      }
    }
  } finally {
    postgres?.stop();
  }
}
