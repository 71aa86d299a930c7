// The few SQL spellings that differ between SQLite (default) and PostgreSQL, so a repository keeps one
// statement with the differing pieces filled in per dialect. Everything else in our raw SQL is written
// in the common subset (quoted identifiers, ON CONFLICT, RETURNING, LIMIT with parameters).
// PostgreSQL needs explicit types where a parameter's type cannot be inferred from its column
// (INSERT ... SELECT lists, CASE branches): adapter-pg sends every parameter untyped.
import { Prisma } from "@prisma/client";

export type DialectName = "sqlite" | "postgresql";

export interface SqlDialect {
  name: DialectName;
  /** A Date parameter where its type is not inferred (TIMESTAMP(3) on PostgreSQL). */
  timestamp(value: Date | null): Prisma.Sql;
  /** An integer parameter where its type is not inferred. */
  int(value: number | null): Prisma.Sql;
  /** A text parameter where its type is not inferred. */
  text(value: string | null): Prisma.Sql;
  /** The larger of the arguments: SQLite's scalar MAX(a, b), PostgreSQL's GREATEST(a, b). */
  greatest(...args: Prisma.Sql[]): Prisma.Sql;
  /** A fresh random id as text (32 hex chars on SQLite, a UUID on PostgreSQL). */
  randomId(): Prisma.Sql;
  /** JSON text of a one-key object: {"key": value}. */
  jsonObject(key: string, value: Prisma.Sql): Prisma.Sql;
  /** A timestamp column's UTC minute as text, "YYYY-MM-DDTHH:MM". */
  minuteOf(column: Prisma.Sql): Prisma.Sql;
}

export const sqliteDialect: SqlDialect = {
  name: "sqlite",
  timestamp: (value) => Prisma.sql`${value}`,
  int: (value) => Prisma.sql`${value}`,
  text: (value) => Prisma.sql`${value}`,
  greatest: (...args) => Prisma.sql`MAX(${Prisma.join(args)})`,
  randomId: () => Prisma.sql`lower(hex(randomblob(16)))`,
  jsonObject: (key, value) => Prisma.sql`json_object(${key}, ${value})`,
  // Prisma stores SQLite DateTimes as ISO-8601 text.
  minuteOf: (column) => Prisma.sql`substr(${column}, 1, 16)`,
};

export const postgresDialect: SqlDialect = {
  name: "postgresql",
  timestamp: (value) => Prisma.sql`CAST(${value} AS TIMESTAMP(3))`,
  int: (value) => Prisma.sql`CAST(${value} AS INTEGER)`,
  text: (value) => Prisma.sql`CAST(${value} AS TEXT)`,
  greatest: (...args) => Prisma.sql`GREATEST(${Prisma.join(args)})`,
  randomId: () => Prisma.sql`CAST(gen_random_uuid() AS TEXT)`,
  jsonObject: (key, value) => Prisma.sql`CAST(json_build_object(CAST(${key} AS TEXT), ${value}) AS TEXT)`,
  // Prisma's PostgreSQL DateTime is TIMESTAMP(3) holding UTC.
  minuteOf: (column) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI')`,
};

/**
 * The dialect of a Prisma client (or of the transaction client it hands out). Prisma keeps the schema's
 * provider on the client; the PostgreSQL client is generated from the same schema with the provider
 * swapped (scripts/postgres-schema.mjs).
 */
export function dialectOf(prisma: object): SqlDialect {
  return (prisma as { _activeProvider?: string })._activeProvider === "postgresql" ? postgresDialect : sqliteDialect;
}
