// The runners agree: the pool / connection runner and the Prisma fallback return the same rows for
// jsonRowsAll, with and (on PostgreSQL) without shared common table expressions.
import { Prisma } from "@prisma/client";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDb, testBackend, type TestDb } from "../../../tests/support/test-db";
import { dialectOf } from "./dialect";
import { prismaSqlRunner, sqlRunner } from "./sql-runner";

let db: TestDb | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

describe("sql runners", () => {
  it("read several JSON row sets alike, through the direct runner and through Prisma", async () => {
    db = await createTestDb();
    const d = dialectOf(db.prisma);
    const queries = [
      Prisma.sql`SELECT ${d.jsonArrayAgg([Prisma.sql`j.value`])} AS "rows" FROM ${d.jsonTextRows(JSON.stringify(["a", "b"]))} j`,
      Prisma.sql`SELECT ${d.jsonArrayAgg([Prisma.sql`j.value`])} AS "rows" FROM ${d.jsonTextRows("[]")} j`,
    ];
    const expected = [[["a"], ["b"]], []];
    expect(await sqlRunner(db.prisma).jsonRowsAll(queries)).toEqual(expected);
    expect(await prismaSqlRunner(db.prisma).jsonRowsAll(queries)).toEqual(expected);
  });

  // Shared expressions are written for PostgreSQL only (the writer's page statement).
  it.skipIf(testBackend() !== "postgres")("read queries over a shared CTE as one statement, through the pool and through Prisma", async () => {
    db = await createTestDb();
    const shared = Prisma.sql`page AS MATERIALIZED (SELECT v FROM (VALUES ('x'), ('y'), ('z')) t(v))`;
    const queries = [
      Prisma.sql`SELECT COALESCE(CAST(json_agg(json_build_array(v) ORDER BY v) AS TEXT), '[]') AS "rows" FROM page`,
      Prisma.sql`SELECT COALESCE(CAST(json_agg(json_build_array(v)) AS TEXT), '[]') AS "rows" FROM page WHERE v = ANY(ARRAY(SELECT v FROM page WHERE v > ${"x"}))`,
    ];
    const expected = [[["x"], ["y"], ["z"]], [["y"], ["z"]]];
    expect(await sqlRunner(db.prisma).jsonRowsAll(queries, shared)).toEqual(expected);
    expect(await prismaSqlRunner(db.prisma).jsonRowsAll(queries, shared)).toEqual(expected);
  });
});
