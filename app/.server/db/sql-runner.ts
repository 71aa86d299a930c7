// Runs the writer store's hot statements (written once, as Prisma.Sql, for both databases): on
// PostgreSQL through Prisma; on SQLite directly on the client's own connection with cached prepared
// statements, through the same gate as Prisma's transactions (create-prisma-client.ts, sqliteConnection).
// At the writer's rates Prisma's fixed cost per statement (~0.2-0.7 ms of CPU) was most of the store's.
import type { PrismaClient, Prisma } from "@prisma/client";
import type { Database, Statement } from "better-sqlite3";
import { sqliteConnection, type SqliteConnection } from "./create-prisma-client";

export interface SqlRunner {
  /** The single `rows` value of a dialect.jsonArrayAgg statement, parsed. */
  jsonRows<Row>(query: Prisma.Sql): Promise<Row[]>;
  /** The statements in one transaction (all or none). */
  transaction(statements: Prisma.Sql[]): Promise<void>;
}

export function sqlRunner(prisma: PrismaClient): SqlRunner {
  const sqlite = sqliteConnection(prisma);
  return sqlite ? new SqliteRunner(sqlite) : new PrismaRunner(prisma);
}

class PrismaRunner implements SqlRunner {
  constructor(private readonly prisma: PrismaClient) {}

  async jsonRows<Row>(query: Prisma.Sql): Promise<Row[]> {
    const [result] = await this.prisma.$queryRaw<Array<{ rows: string }>>(query);
    return result ? (JSON.parse(result.rows) as Row[]) : [];
  }

  async transaction(statements: Prisma.Sql[]): Promise<void> {
    // Interactive only for its timeout: a batch transaction has Prisma's fixed 5 s, too short for a busy server.
    await this.prisma.$transaction(
      async (tx) => {
        for (const s of statements) await tx.$executeRaw(s);
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
  }
}

/** The statement shapes are few (parameters carry the rows), so the cache stays small. */
const MAX_CACHED = 64;

class SqliteRunner implements SqlRunner {
  private cache = new Map<string, Statement>();
  private cachedFor: Database | null = null;

  constructor(private readonly connection: SqliteConnection) {}

  async jsonRows<Row>(query: Prisma.Sql): Promise<Row[]> {
    const text = await this.connection.run((db) => this.prepare(db, query.sql).pluck().get(...bind(query.values)) as string | undefined);
    return text ? (JSON.parse(text) as Row[]) : [];
  }

  async transaction(statements: Prisma.Sql[]): Promise<void> {
    // Synchronous from BEGIN to COMMIT: nothing else runs meanwhile, so taking the write lock up front
    // (IMMEDIATE) holds it only for these statements, and a transaction never has to upgrade its lock.
    await this.connection.run((db) =>
      db
        .transaction(() => {
          for (const s of statements) this.prepare(db, s.sql).run(...bind(s.values));
        })
        .immediate(),
    );
  }

  private prepare(db: Database, sql: string): Statement {
    if (this.cachedFor !== db || this.cache.size >= MAX_CACHED) {
      this.cache = new Map();
      this.cachedFor = db;
    }
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}

/** Parameters as the Prisma adapter binds them (its default iso8601 dates), so stored values match. */
function bind(values: readonly unknown[]): unknown[] {
  return values.map((v) => {
    if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
    if (typeof v === "boolean") return v ? 1 : 0;
    return v === undefined ? null : v;
  });
}
