// Multi-process storm: `npm run bench -- storm [options]` (bench/lib/storm.ts does the work; bench/README.md
// explains every field). Prints one JSON line, writes it to bench/results/storm.json, and exits non-zero
// when a check fails (an event lost or applied twice, a mismatch in Shopify, two writers on one shop, no
// convergence within the timeout).
//   --store=sqlite|postgres   database (postgres: BENCH_POSTGRES_URL / TEST_POSTGRES_URL, else a throw-away cluster)
//   --apps=N --workers=M      app processes (server.mjs, production build) and worker processes
//   --shops=N --items=N       shops (one Whiplash customer each) and items per shop (default 4 x 50)
//   --actions=N --seconds=S   warehouse actions in the storm and how long it lasts
//   --kill-worker[=share]     SIGKILL one worker once this share of the actions was sent (default 0.3)
//   --faults=P                share of Admin calls answered 5xx / 504 / hang / THROTTLED
//   --hang-ms=MS              cut hanging calls after MS (default: held until the client's 30 s timeout)
//   --lock-ms=MS              workers' job lock (takeover delay after a crash; default: the worker's own)
//   --senders=N               Whiplash deliveries in flight at once (default 8)
//   --duplicates=P --no-reorder --latency=MS --timeout=S --seed=N --skip-build --keep-logs
// Presets: issue 11 item 5: storm --store=postgres --apps=2 --workers=3 --kill-worker
//          issue 12 item 13: storm --store=sqlite --faults=0.2
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runStorm, STORM_DEFAULTS, type StormOptions } from "./lib/storm";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function parseStormArgs(args: string[]): Partial<StormOptions> {
  const get = (name: string) => args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const value = (name: string) => get(name)?.split("=")[1];
  const num = (name: string, fallback: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0 (got ${raw})`);
    return n;
  };
  const store = value("store") ?? "sqlite";
  if (store !== "sqlite" && store !== "postgres") throw new Error(`--store must be sqlite or postgres (got ${store})`);
  const faults = num("faults", 0);
  if (faults >= 1) throw new Error("--faults is a share of calls, below 1 (e.g. 0.2)");
  const kill = get("kill-worker");
  return {
    store,
    postgresServerUrl: store === "postgres" ? process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL || undefined : undefined,
    apps: num("apps", STORM_DEFAULTS.apps),
    workers: num("workers", kill ? 2 : STORM_DEFAULTS.workers),
    shops: num("shops", STORM_DEFAULTS.shops),
    itemsPerShop: num("items", STORM_DEFAULTS.itemsPerShop),
    actions: num("actions", STORM_DEFAULTS.actions),
    stormSeconds: num("seconds", STORM_DEFAULTS.stormSeconds),
    killWorkerAt: kill ? num("kill-worker", 0.3) || 0.3 : null,
    faults,
    hangMs: value("hang-ms") === undefined ? null : num("hang-ms", 0),
    workerLockMs: value("lock-ms") === undefined ? null : num("lock-ms", 0),
    duplicates: num("duplicates", STORM_DEFAULTS.duplicates),
    reorder: !args.includes("--no-reorder"),
    senders: num("senders", STORM_DEFAULTS.senders),
    latencyMs: num("latency", STORM_DEFAULTS.latencyMs),
    convergeTimeoutMs: num("timeout", STORM_DEFAULTS.convergeTimeoutMs / 1000) * 1000,
    seed: num("seed", STORM_DEFAULTS.seed),
    build: args.includes("--skip-build") ? "never" : "always",
    keepLogs: args.includes("--keep-logs"),
  };
}

export async function run(args: string[]): Promise<void> {
  const options = parseStormArgs(args);
  const result = await runStorm({ ...options, log: (line) => process.stderr.write(`[storm] ${line}\n`) });
  const line = JSON.stringify(result);
  process.stdout.write(line + "\n");
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench/results/storm.json"), line + "\n");
  if (!result.ok) {
    const failed = Object.entries(result.checks)
      .filter(([, ok]) => !ok)
      .map(([name]) => name);
    throw new Error(`storm checks failed: ${failed.join(", ")}`);
  }
}
