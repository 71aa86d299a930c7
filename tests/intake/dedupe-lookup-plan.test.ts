// The plan of the intake's duplicate lookup (storedEventIdsSql): each key of a group-commit batch must be
// one probe of the (source, dedupeKey) unique index, also before the table has statistics (a burst of
// events just arrived, autovacuum not yet run). The lookup runs inside every batch's statement, so a
// plan that reads the events table (a scan, or a hash join against the key list, as the writer's joins
// did before statistics: tests/writer/prisma-store.test.ts) would cost more with every stored event.
import { afterEach, describe, expect, it } from "vitest";
import { dialectOf } from "../../app/.server/db/dialect";
import { storedEventIdsSql } from "../../app/.server/db/inbound-events";
import { WHIPLASH_SOURCE } from "../../app/.server/intake/whiplash-intake-store";
import { createTestDb, type TestDb } from "../support/test-db";

let db: TestDb | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

describe("duplicate lookup plan", () => {
  it("probes the (source, dedupeKey) index once per key and never scans the events", async () => {
    db = await createTestDb();
    const { prisma } = db;
    const d = dialectOf(prisma);
    if (d.name === "postgresql") await prisma.$executeRawUnsafe(`ALTER TABLE "InboundEvent" SET (autovacuum_enabled = false)`);
    const keys = Array.from({ length: 20_000 }, (_, i) => `key-${String(i).padStart(6, "0")}`);
    await prisma.$executeRaw`INSERT INTO "InboundEvent" ("id", "source", "topic", "dedupeKey", "rawBody", "receivedAt", "outcome")
      SELECT j.value, ${d.text(WHIPLASH_SOURCE)}, 'item.updated', j.value, '{}', ${d.timestamp(new Date())}, 'APPLIED' FROM ${d.jsonTextRows(JSON.stringify(keys))} j`;

    const batch = [...keys.slice(100, 160), "key-new-1", "key-new-2"];
    const query = storedEventIdsSql(d, WHIPLASH_SOURCE, batch);
    const plan =
      d.name === "postgresql"
        ? JSON.stringify(await prisma.$queryRawUnsafe(`EXPLAIN (FORMAT JSON) ${query.text}`, ...query.values))
        : (await prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${query.sql}`, ...query.values)).map((r) => r.detail).join("\n");

    if (d.name === "postgresql") {
      expect(plan).toContain('"Index Name":"InboundEvent_source_dedupeKey_key"');
      expect(plan).not.toMatch(/"Node Type":"(Seq Scan|Hash Join|Hash)"/);
    } else {
      expect(plan).toMatch(/SEARCH e USING (COVERING )?INDEX InboundEvent_source_dedupeKey_key \(source=\? AND dedupeKey=\?\)/);
      expect(plan).not.toMatch(/SCAN e\b/);
    }
    // And it answers: the stored id of each stored key, null for the new ones.
    const rows = await prisma.$queryRaw<Array<{ dedupeKey: string; id: string | null }>>(query);
    expect(rows).toHaveLength(batch.length);
    expect(rows.filter((r) => r.id !== null).map((r) => r.id).sort()).toEqual(keys.slice(100, 160));
    expect(rows.filter((r) => r.id === null).map((r) => r.dedupeKey).sort()).toEqual(["key-new-1", "key-new-2"]);
  });
});
