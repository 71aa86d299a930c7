import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import type { Database } from "better-sqlite3";
import pg from "pg";
import { ConnectionGate, exclusiveTransactions } from "./sqlite-exclusive-transactions";

export interface SqliteOptions {
  /**
   * FULL (default): every commit is on disk before it returns (an acknowledged webhook survives a power
   * cut). NORMAL: commits are safe against a crash of the process but not of the machine; the worker
   * uses it because its work is re-derived from the stored events and jobs.
   */
  synchronous?: "FULL" | "NORMAL";
}

// The app and the worker share one SQLite file. WAL lets readers run while one process writes (without
// it every write blocks every read), and busy_timeout makes a writer wait for the other process's write
// lock instead of failing at once. Both are set on the connection Prisma uses, before its first query.
class TunedSqlite extends PrismaBetterSQLite3 {
  readonly gate = new ConnectionGate();
  /** The adapter's better-sqlite3 connection, once Prisma has connected. */
  database: Database | null = null;

  constructor(
    url: string,
    private readonly synchronous: "FULL" | "NORMAL",
  ) {
    super({ url, timeout: 10_000 });
  }

  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${this.synchronous}; PRAGMA busy_timeout = 10000;`);
    // Not part of the adapter's typed API (6.19.3 keeps its connection in `client`); checked where used.
    this.database = (adapter as unknown as { client?: Database }).client ?? null;
    return exclusiveTransactions(adapter, this.gate);
  }
}

const sqliteAdapters = new WeakMap<PrismaClient, TunedSqlite>();

/**
 * Synchronous work on a SQLite client's own connection, through the same gate as its transactions (so it
 * never lands inside another caller's open transaction). For the few hot paths where Prisma's cost per
 * statement (~0.2-0.7 ms) and per parameter outweigh SQLite's own work. null for PostgreSQL clients.
 */
export interface SqliteConnection {
  run<T>(work: (db: Database) => T): Promise<T>;
}

export function sqliteConnection(prisma: PrismaClient): SqliteConnection | null {
  const adapter = sqliteAdapters.get(prisma);
  if (!adapter) return null;
  return {
    async run(work) {
      if (!adapter.database) await prisma.$connect();
      const db = adapter.database;
      if (!db || typeof db.prepare !== "function") {
        throw new Error("sqliteConnection: the better-sqlite3 adapter no longer exposes its connection (adapter upgraded?)");
      }
      return adapter.gate.run(async () => work(db));
    },
  };
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function createPrismaClient(url: string, options: SqliteOptions = {}): PrismaClient {
  if (isPostgresUrl(url)) return createPostgresClient(url);
  const adapter = new TunedSqlite(url, options.synchronous ?? "FULL");
  const client = new PrismaClient({ adapter });
  sqliteAdapters.set(client, adapter);
  return client;
}

// The PostgreSQL client is generated from the same schema into prisma/postgres/client (git-ignored; see
// scripts/prisma-postgres.mjs), so @prisma/client stays the SQLite one and SQLite setups need nothing
// more. Its models and methods have the same shapes, so the app keeps one PrismaClient type. It is loaded
// at run time from the app's root (the cwd of the server, the worker and the tests), not bundled.
function createPostgresClient(url: string): PrismaClient {
  const dir = process.env.PRISMA_POSTGRES_CLIENT ?? path.resolve("prisma/postgres/client");
  let generated: { PrismaClient: new (options: { adapter: PrismaPg }) => unknown };
  try {
    generated = createRequire(import.meta.url)(dir);
  } catch (error) {
    throw new Error(`DATABASE_URL is PostgreSQL but ${dir} is missing: run \`npm run setup\` (${String(error)})`);
  }
  // The pool is ours, handed to the adapter (which ends it on $disconnect), so the writer's hot statements
  // can use it directly (postgresPool).
  const pool = new pg.Pool({ connectionString: url });
  // PostgreSQL may end an idle connection at any time (restart, failover, pg_terminate_backend, a proxy's
  // idle timeout). The pool then emits "error" for it and drops it; without a listener Node throws the
  // event and the whole app or worker dies. The next query opens a new connection. Only the message is
  // logged: the error object carries the connection parameters.
  pool.on("error", (error) => console.error("database pool: idle connection lost:", error.message));
  const client = new generated.PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as PrismaClient;
  postgresPools.set(client, pool);
  return client;
}

const postgresPools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * The connection pool under a PostgreSQL client (null for SQLite clients), for the few hot paths where
 * Prisma's own CPU per statement (the query compiler, parameters and results through its runtime)
 * outweighs the round trip: the shop writer's reads and batch records (db/sql-runner.ts).
 */
export function postgresPool(prisma: PrismaClient): pg.Pool | null {
  return postgresPools.get(prisma) ?? null;
}
