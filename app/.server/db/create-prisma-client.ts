import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { exclusiveTransactions } from "./sqlite-exclusive-transactions";

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
  constructor(
    url: string,
    private readonly synchronous: "FULL" | "NORMAL",
  ) {
    super({ url, timeout: 10_000 });
  }

  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${this.synchronous}; PRAGMA busy_timeout = 10000;`);
    return exclusiveTransactions(adapter);
  }
}

export function createPrismaClient(url: string, options: SqliteOptions = {}): PrismaClient {
  return new PrismaClient({ adapter: new TunedSqlite(url, options.synchronous ?? "FULL") });
}
