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
  /**
   * A JSON array passed as ONE text parameter, as a table source: one row per element, in column
   * `value` (read its parts with `value ->> n`, text on PostgreSQL: cast numbers). Hot paths pass many
   * rows this way because Prisma's cost is per parameter (~3 µs each), and a 250-row insert of 11
   * columns would otherwise carry 2,750 of them.
   */
  jsonRows(json: string): Prisma.Sql;
  /** A JSON array of strings passed as one parameter, as a table source: each string in column `value`. */
  jsonTextRows(json: string): Prisma.Sql;
  /**
   * `column` is one of the strings of a JSON array parameter. On PostgreSQL as `= ANY(ARRAY(...))`:
   * written as `IN (SELECT ...)`, its planner hash-joins the whole table against the list (it cannot
   * estimate the function's rows), reading every row of a shop for each batch.
   */
  inJsonList(column: Prisma.Sql, json: string): Prisma.Sql;
  /**
   * Aggregate: the rows as ONE JSON text `[[a, b, ...], ...]` ("[]" for none), in `orderBy` order.
   * Reading one value per statement instead of every column of every row through Prisma's result
   * mapping; JSON.parse does the rest.
   */
  jsonArrayAgg(values: Prisma.Sql[], orderBy?: Prisma.Sql): Prisma.Sql;
  /** A timestamp column inside jsonArrayAgg, as text `new Date()` reads in UTC. */
  jsonTimestamp(column: Prisma.Sql): Prisma.Sql;
}

const orderClause = (orderBy?: Prisma.Sql) => (orderBy ? Prisma.sql` ORDER BY ${orderBy}` : Prisma.empty);

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
  jsonRows: (json) => Prisma.sql`json_each(${json})`,
  jsonTextRows: (json) => Prisma.sql`json_each(${json})`,
  inJsonList: (column, json) => Prisma.sql`${column} IN (SELECT value FROM json_each(${json}))`,
  // ORDER BY inside an aggregate needs SQLite 3.44 (better-sqlite3 ships 3.49).
  jsonArrayAgg: (values, orderBy) => Prisma.sql`json_group_array(json_array(${Prisma.join(values)})${orderClause(orderBy)})`,
  // Already ISO-8601 text with its offset (the adapter's iso8601 format).
  jsonTimestamp: (column) => column,
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
  jsonRows: (json) => Prisma.sql`json_array_elements(CAST(${json} AS json))`,
  jsonTextRows: (json) => Prisma.sql`json_array_elements_text(CAST(${json} AS json))`,
  inJsonList: (column, json) => Prisma.sql`${column} = ANY(ARRAY(SELECT json_array_elements_text(CAST(${json} AS json))))`,
  jsonArrayAgg: (values, orderBy) =>
    Prisma.sql`COALESCE(CAST(json_agg(json_build_array(${Prisma.join(values)})${orderClause(orderBy)}) AS TEXT), '[]')`,
  // TIMESTAMP(3) holds UTC without a zone; JSON would print it zone-less (read as local time).
  jsonTimestamp: (column) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

/**
 * The dialect of a Prisma client (or of the transaction client it hands out). Prisma keeps the schema's
 * provider on the client; the PostgreSQL client is generated from the same schema with the provider
 * swapped (scripts/postgres-schema.mjs).
 */
export function dialectOf(prisma: object): SqlDialect {
  return (prisma as { _activeProvider?: string })._activeProvider === "postgresql" ? postgresDialect : sqliteDialect;
}
