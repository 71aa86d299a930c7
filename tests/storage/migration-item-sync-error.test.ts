// The item_sync_error migration on a database holding old-shape data (issue 11): ItemLink.lastSyncedAt and
// ItemLink.lastError leave ItemLink, and their hand-written data SQL must carry them over on both providers.
// Applies every migration before it (the committed SQL, as `migrate deploy` would), inserts links the
// old way, applies it, and reads the result through the app's Prisma client.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../app/.server/db/create-prisma-client";
import { syncStatusOfLinks } from "../../app/.server/db/item-links";
import { postgresDatabaseUrl, testBackend, withPostgresAdmin } from "../support/test-db";

const MIGRATION = "item_sync_error";
const T0 = "2026-01-01T00:00:00.000Z";
const T1 = "2026-02-01T00:00:00.000Z";
const T2 = "2026-03-01T00:00:00.000Z";
const NOW = "2026-04-01T00:00:00.000Z";
const L1 = "gid://shopify/Location/1";
const L2 = "gid://shopify/Location/2";

/** The migration folders up to and including the item_sync_error one, split before it. */
function migrations(dir: string): { before: string[]; target: string } {
  const all = readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort();
  const at = all.findIndex((d) => d.endsWith(`_${MIGRATION}`));
  if (at < 0) throw new Error(`no ${MIGRATION} migration in ${dir}`);
  const sql = (d: string) => readFileSync(path.join(dir, d, "migration.sql"), "utf8");
  return { before: all.slice(0, at).map(sql), target: sql(all[at]) };
}

/**
 * Old-shape rows: link A synced before writtenAt was kept (no written level), link B synced with a
 * written level, link C never synced and failing. Another shop has A's inventory item too.
 */
function oldShapeRows(ts: (iso: string) => string): string[] {
  const t = (iso: string | null) => (iso === null ? "NULL" : `'${ts(iso)}'`);
  const link = (id: string, shop: string, item: string, ii: string, synced: string | null, error: string | null, updated: string) =>
    `INSERT INTO "ItemLink" ("id","shopId","itemId","productId","variantId","inventoryItemId","lastSyncedAt","lastError","updatedAt")
     VALUES ('${id}','${shop}','${item}','p','v-${id}','${ii}',${t(synced)},${error === null ? "NULL" : `'${error}'`},${t(updated)})`;
  const level = (shop: string, ii: string, loc: string, written: string | null) =>
    `INSERT INTO "ShopifyLevel" ("shopId","inventoryItemId","locationId","knownQuantity","knownAt","writtenQuantity","writtenAt")
     VALUES ('${shop}','${ii}','${loc}',5,${t(NOW)},${written === null ? "NULL" : 5},${t(written)})`;
  return [
    `INSERT INTO "Customer" ("id","whiplashCustomerId","updatedAt") VALUES ('c1',1,${t(NOW)})`,
    `INSERT INTO "Shop" ("id","customerId","updatedAt") VALUES ('s1','c1',${t(NOW)})`,
    `INSERT INTO "Shop" ("id","customerId","updatedAt") VALUES ('s2','c1',${t(NOW)})`,
    ...["a", "b", "c"].map((i) => `INSERT INTO "Item" ("id","customerId","whiplashItemId","sku","updatedAt") VALUES ('${i}','c1',${i.charCodeAt(0)},'SKU-${i}',${t(NOW)})`),
    link("la", "s1", "a", "ii-a", T1, null, T1),
    link("lb", "s1", "b", "ii-b", T1, null, T1),
    link("lc", "s1", "c", "ii-c", null, "INVALID_INVENTORY_ITEM: gone", T2),
    link("la2", "s2", "a", "ii-a", null, null, T0),
    level("s1", "ii-a", L1, null),
    level("s1", "ii-a", L2, null),
    level("s1", "ii-b", L1, T0),
    level("s1", "ii-b", L2, null),
    level("s1", "ii-c", L1, null),
    level("s2", "ii-a", L1, null),
  ];
}

async function expectCarriedOver(url: string): Promise<void> {
  const prisma = createPrismaClient(url);
  try {
    const links = await prisma.itemLink.findMany({ where: { shopId: "s1" }, orderBy: { itemId: "asc" } });
    const status = await syncStatusOfLinks(prisma, "s1", links);
    expect(links.map((l) => [l.itemId, status.get(l.itemId)?.lastSyncedAt?.toISOString() ?? null, status.get(l.itemId)?.lastError ?? null])).toEqual([
      ["a", T1, null], // its levels got the link's lastSyncedAt
      ["b", T0, null], // it had a written level: nothing changed (the newest write is T0)
      ["c", null, "INVALID_INVENTORY_ITEM: gone"],
    ]);
    const levels = await prisma.shopifyLevel.findMany({ orderBy: [{ shopId: "asc" }, { inventoryItemId: "asc" }, { locationId: "asc" }] });
    expect(levels.map((l) => [l.shopId, l.inventoryItemId, l.locationId, l.writtenQuantity, l.writtenAt?.toISOString() ?? null])).toEqual([
      ["s1", "ii-a", L1, null, T1], // writtenQuantity stays unknown: drift detection trusts only it
      ["s1", "ii-a", L2, null, T1],
      ["s1", "ii-b", L1, 5, T0],
      ["s1", "ii-b", L2, null, null],
      ["s1", "ii-c", L1, null, null],
      ["s2", "ii-a", L1, null, null], // the other shop's link was never synced
    ]);
    expect(await prisma.itemSyncError.findMany()).toEqual([{ shopId: "s1", itemId: "c", error: "INVALID_INVENTORY_ITEM: gone", at: new Date(T2) }]);
  } finally {
    await prisma.$disconnect();
  }
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe(`migration ${MIGRATION} on old-shape data [${testBackend()}]`, () => {
  it.skipIf(testBackend() !== "sqlite")("SQLite: copies errors and last syncs before the columns go", async () => {
    const file = path.resolve(`tmp/test/migrate-${randomUUID()}.sqlite`);
    mkdirSync(path.dirname(file), { recursive: true });
    cleanup = async () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    };
    const { before, target } = migrations("prisma/migrations");
    const db = new Database(file);
    // Foreign keys on, as Prisma's connection has them: dropping the old ItemLink must not cascade anywhere.
    db.pragma("foreign_keys = ON");
    for (const sql of before) db.exec(sql);
    // Prisma's SQLite DateTime text (the adapter's ISO format with an offset).
    for (const sql of oldShapeRows((iso) => iso.replace("Z", "+00:00"))) db.exec(sql);
    db.exec(target);
    expect(db.pragma("foreign_key_check")).toEqual([]);
    db.close();
    await expectCarriedOver(`file:${file}`);
  });

  it.skipIf(testBackend() !== "postgres")("PostgreSQL: copies errors and last syncs before the columns go", async () => {
    const server = process.env.TEST_POSTGRES_URL!;
    const name = `m_${randomUUID().replace(/-/g, "")}`;
    await withPostgresAdmin(server, (c) => c.query(`CREATE DATABASE "${name}"`));
    cleanup = () => withPostgresAdmin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {});
    const url = postgresDatabaseUrl(server, name);
    const { before, target } = migrations("prisma/migrations-postgres");
    await withPostgresAdmin(url, async (c) => {
      for (const sql of before) await c.query(sql);
      for (const sql of oldShapeRows((iso) => iso.replace("T", " ").replace("Z", ""))) await c.query(sql);
      // As `migrate deploy` runs it: one transaction.
      await c.query(`BEGIN; ${target}; COMMIT;`);
    });
    await expectCarriedOver(url);
  });
});
