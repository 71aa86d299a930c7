// The databases the benchmarks run on: the production stores (SQLite, the default deployment, and
// PostgreSQL, the scale-out one) and, as a labelled extra for the writer, the in-memory store.
// PostgreSQL needs a server: BENCH_POSTGRES_URL or TEST_POSTGRES_URL, else a throw-away cluster started
// with scripts/pg-test-cluster.sh (Debian's postgresql package) for the run and stopped after it.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export type StoreKind = "sqlite" | "postgres" | "memory";

/** What `--store` defaults to: the stores users run. */
export const PRODUCTION_STORES: StoreKind[] = ["sqlite", "postgres"];

/** `--store=a,b` (default: the production stores). */
export function parseStores(flag: string | undefined, allowed: readonly StoreKind[]): StoreKind[] {
  if (!flag) return PRODUCTION_STORES.filter((s) => allowed.includes(s));
  const stores = flag.split(",").filter(Boolean) as StoreKind[];
  const bad = stores.filter((s) => !allowed.includes(s));
  if (bad.length > 0 || stores.length === 0) throw new Error(`--store takes ${allowed.join(", ")} (comma-separated), not "${flag}"`);
  return [...new Set(stores)];
}

export interface PostgresServer {
  url: string;
  /** Stops the cluster if this run started it (no-op for a server given in the environment). */
  stop(): void;
}

/** The PostgreSQL server for this run; a clear error when there is none and none can be started. */
export function postgresServer(root: string): PostgresServer {
  const given = process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL;
  if (given) return { url: given, stop: () => {} };
  const dir = mkdtempSync("/tmp/pg-bench-");
  const started = spawnSync(path.join(root, "scripts/pg-test-cluster.sh"), [dir], { cwd: root, encoding: "utf8" });
  if (started.status !== 0 || !started.stdout.trim()) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `the postgres store needs a PostgreSQL server: set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL), or install the server ` +
        `binaries (apt-get install postgresql) so scripts/pg-test-cluster.sh can start a throw-away one; or run only --store=sqlite.\n` +
        `pg-test-cluster.sh said: ${(started.stderr || started.stdout || String(started.error)).trim()}`,
    );
  }
  process.stderr.write(`bench: started a throw-away PostgreSQL cluster in ${dir} (stopped at the end)\n`);
  return {
    url: started.stdout.trim().split("\n").at(-1)!,
    stop: () => {
      spawnSync(path.join(root, "scripts/pg-test-cluster.sh"), ["stop", dir], { cwd: root, stdio: "ignore" });
    },
  };
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database named after the scenario: a SQLite file under tmp/bench, or a PostgreSQL database. */
export async function freshDatabase(kind: "sqlite" | "postgres", name: string, root: string): Promise<BenchDatabase> {
  const safe = name.replace(/[^a-z0-9]+/gi, "_").toLowerCase();
  if (kind === "sqlite") {
    const file = path.join(root, `tmp/bench/${safe}-${process.pid}.sqlite`);
    mkdirSync(path.dirname(file), { recursive: true });
    const remove = () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    };
    remove();
    const url = `file:${file}`;
    execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
    return { url, drop: async () => remove() };
  }
  const server = process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error("freshDatabase(postgres): BENCH_POSTGRES_URL is unset (the bench's parent process sets it)");
  const database = `bench_${safe}_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${database}"`);
  const url = new URL(server);
  url.pathname = `/${database}`;
  execFileSync(process.execPath, ["scripts/prisma-postgres.mjs", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: "pipe",
  });
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`) };
}
