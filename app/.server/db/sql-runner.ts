// Runs the writer store's hot statements (written once, as Prisma.Sql, for both databases): on
// PostgreSQL directly on the client's own pg pool (create-prisma-client.ts, postgresPool); on SQLite
// directly on the client's own connection with cached prepared statements, through the same gate as
// Prisma's transactions (sqliteConnection). At the writer's rates Prisma's fixed cost per statement
// (~0.2-0.7 ms of CPU) and its handling of each batch's JSON parameter were most of the store's CPU.
import { Prisma, type PrismaClient } from "@prisma/client";
import type { Database, Statement } from "better-sqlite3";
import type pg from "pg";
import { postgresPool, sqliteConnection, type SqliteConnection } from "./create-prisma-client";
import { pgTransaction } from "./pg-transaction";

export interface SqlRunner {
  /** The single `rows` value of a dialect.jsonArrayAgg statement, parsed. */
  jsonRows<Row>(query: Prisma.Sql): Promise<Row[]>;
  /**
   * Several such statements' rows, in order: on PostgreSQL as ONE statement (one round trip, one
   * connection, each query a scalar sub-select), elsewhere one after another. `shared`: common table
   * expressions the queries read (PostgreSQL only: elsewhere the queries run apart).
   */
  jsonRowsAll(queries: Prisma.Sql[], shared?: Prisma.Sql): Promise<unknown[][]>;
  /** The statements in one transaction (all or none). */
  transaction(statements: Prisma.Sql[]): Promise<void>;
  /** One statement on its own (atomic by itself). */
  execute(statement: Prisma.Sql): Promise<void>;
}

export function sqlRunner(prisma: PrismaClient): SqlRunner {
  const sqlite = sqliteConnection(prisma);
  if (sqlite) return new SqliteRunner(sqlite);
  const pool = postgresPool(prisma);
  return pool ? new PgRunner(pool) : new PrismaRunner(prisma);
}

/** Through Prisma's own queries: a client with neither connection of ours. Exported for tests. */
export function prismaSqlRunner(prisma: PrismaClient): SqlRunner {
  return new PrismaRunner(prisma);
}

class PrismaRunner implements SqlRunner {
  constructor(private readonly prisma: PrismaClient) {}

  async jsonRows<Row>(query: Prisma.Sql): Promise<Row[]> {
    const [result] = await this.prisma.$queryRaw<Array<{ rows: string }>>(query);
    return result ? (JSON.parse(result.rows) as Row[]) : [];
  }

  async jsonRowsAll(queries: Prisma.Sql[], shared?: Prisma.Sql): Promise<unknown[][]> {
    if (!shared) return inTurn(queries, (q) => this.jsonRows(q));
    // Shared expressions are only written for PostgreSQL: one statement, as PgRunner sends it.
    const [row = {}] = await this.prisma.$queryRaw<Array<Record<string, string | null>>>(combinedJsonRows(queries, shared));
    return queries.map((_, i) => parseRows(row[`r${i}`]));
  }

  async execute(statement: Prisma.Sql): Promise<void> {
    await this.prisma.$executeRaw(statement);
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

/**
 * PostgreSQL through the client's own pool: the statement's $n text and its values, nothing in between.
 * Statements stay unnamed (planned for each run with its values): as named prepared statements PostgreSQL
 * switched to a generic plan for the writer's combined reads and the server's CPU on plus-200k tripled
 * (13 s to 40 s).
 */
class PgRunner implements SqlRunner {
  constructor(private readonly pool: pg.Pool) {}

  async jsonRows<Row>(query: Prisma.Sql): Promise<Row[]> {
    const result = await this.pool.query<{ rows: string }>(query.text, pgValues(query.values));
    const text = result.rows[0]?.rows;
    return text ? (JSON.parse(text) as Row[]) : [];
  }

  async jsonRowsAll(queries: Prisma.Sql[], shared?: Prisma.Sql): Promise<unknown[][]> {
    const combined = combinedJsonRows(queries, shared);
    const result = await this.pool.query<Record<string, string | null>>(combined.text, pgValues(combined.values));
    const row = result.rows[0] ?? {};
    return queries.map((_, i) => parseRows(row[`r${i}`]));
  }

  async execute(statement: Prisma.Sql): Promise<void> {
    await this.pool.query(statement.text, pgValues(statement.values));
  }

  async transaction(statements: Prisma.Sql[]): Promise<void> {
    await pgTransaction(this.pool, async (query) => {
      for (const s of statements) await query(s.text, pgValues(s.values));
    });
  }
}

function parseRows(text: string | null | undefined): unknown[] {
  return text ? (JSON.parse(text) as unknown[]) : [];
}

/** PgRunner.jsonRowsAll's one statement: each query a scalar sub-select, in column r0, r1, ... */
export function combinedJsonRows(queries: Prisma.Sql[], shared?: Prisma.Sql): Prisma.Sql {
  const columns = queries.map((q, i) => Prisma.sql`(${q}) AS ${Prisma.raw(`"r${i}"`)}`);
  return Prisma.sql`${shared ? Prisma.sql`WITH ${shared} ` : Prisma.empty}SELECT ${Prisma.join(columns, ", ")}`;
}

async function inTurn(queries: Prisma.Sql[], run: (q: Prisma.Sql) => Promise<unknown[]>): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for (const q of queries) out.push(await run(q));
  return out;
}

/**
 * Parameters as adapter-pg sends them. Dates as UTC ISO text: our columns are TIMESTAMP(3) holding UTC,
 * and the pg driver's own Date encoding would use the process's time zone.
 */
function pgValues(values: readonly unknown[]): unknown[] {
  return values.map((v) => (v instanceof Date ? v.toISOString() : v === undefined ? null : v));
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

  jsonRowsAll(queries: Prisma.Sql[], shared?: Prisma.Sql): Promise<unknown[][]> {
    if (shared) throw new Error("jsonRowsAll: shared expressions are PostgreSQL only");
    return inTurn(queries, (q) => this.jsonRows(q));
  }

  async execute(statement: Prisma.Sql): Promise<void> {
    await this.transaction([statement]);
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

/** The parameter conversions above, for the intake's group commit (jobs/*-queue.ts insertEventsWithJobs). */
export const pgParams = pgValues;
export const sqliteParams = bind;
