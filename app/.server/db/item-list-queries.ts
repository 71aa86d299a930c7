// The Items page's database reads over a shop's matched items (ItemLink x Item): the count and the item ids
// of one filtered, sorted page (fast at 100,000 items, bench/item-list.ts), and which of some posted item
// ids are matched items of the shop. The filters come from item-filter-sql.ts (decision filters from the
// domain core through decision-sql.ts); views/item-list.ts describes the rows of a page.
import { Prisma, type PrismaClient } from "@prisma/client";
import type { ItemListQuery, ItemSort } from "../../shared/item-list-query";
import { chunk } from "./db-types";
import { dialectOf, type SqlDialect } from "./dialect";
import { from, itemFilter, withClause } from "./item-filter-sql";
import type { ConnectedScope } from "./shop-scope";

/** Of these item ids, the ones that are the customer's items linked in this shop, with their SKU. */
export async function matchedItemsAmong(
  prisma: PrismaClient,
  shopId: string,
  customerId: string,
  itemIds: readonly string[],
): Promise<{ itemId: string; sku: string }[]> {
  const out: { itemId: string; sku: string }[] = [];
  for (const part of chunk([...new Set(itemIds)], 500)) {
    const rows = await prisma.itemLink.findMany({
      where: { shopId, itemId: { in: part }, item: { customerId } },
      select: { itemId: true, item: { select: { sku: true } } },
    });
    out.push(...rows.map((r) => ({ itemId: r.itemId, sku: r.item.sku })));
  }
  return out;
}

/** Sellable units at Whiplash (negative stock counts as 0): the list's Whiplash column. */
function whiplashSum(d: SqlDialect): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(SUM(${d.greatest(Prisma.sql`s."sellable"`, Prisma.sql`0`)}), 0) FROM "ItemWarehouseStock" s WHERE s."itemId" = i."id")`;
}

/** Locations the shop publishes to (the default location and every mapped one). */
function publishedLocations(scope: ConnectedScope): string[] {
  const set = new Set<string>(Object.values(scope.prefs.warehouseLocations));
  if (scope.prefs.defaultLocationId) set.add(scope.prefs.defaultLocationId);
  return [...set];
}

/**
 * What Shopify shows at the locations we publish to (the list's Shopify column). With the standard setup
 * (one location) this is one primary-key lookup per row instead of an aggregate.
 */
function shopifyQuantitySql(scope: ConnectedScope): Prisma.Sql {
  const locations = publishedLocations(scope);
  if (locations.length === 0) return Prisma.sql`NULL`;
  if (locations.length === 1) {
    return Prisma.sql`(SELECT lv."knownQuantity" FROM "ShopifyLevel" lv WHERE lv."shopId" = l."shopId" AND lv."inventoryItemId" = l."inventoryItemId" AND lv."locationId" = ${locations[0]})`;
  }
  return Prisma.sql`(SELECT SUM(lv."knownQuantity") FROM "ShopifyLevel" lv WHERE lv."shopId" = l."shopId" AND lv."inventoryItemId" = l."inventoryItemId" AND lv."locationId" IN (${Prisma.join(locations)}))`;
}

const NULLS_LAST_ASC = 2147483647;
const NULLS_LAST_DESC = -2147483648;

/** One sort key expression (evaluated once per row) and its direction; ties broken by item id. */
function sortKey(scope: ConnectedScope, sort: ItemSort, dir: "asc" | "desc", d: SqlDialect): { key: Prisma.Sql; key2: Prisma.Sql | null } {
  const sentinel = dir === "asc" ? NULLS_LAST_ASC : NULLS_LAST_DESC;
  switch (sort) {
    case "sku":
      return { key: Prisma.sql`i."sku"`, key2: null };
    case "title":
      return { key: Prisma.sql`l."productTitle"`, key2: Prisma.sql`l."variantTitle"` };
    case "whiplash":
      return { key: whiplashSum(d), key2: null };
    case "shopify":
      return { key: Prisma.sql`COALESCE(${shopifyQuantitySql(scope)}, ${sentinel})`, key2: null };
    case "synced": {
      // Never synced last either way: a sentinel past every timestamp on the sort's far side, so the key
      // is ONE expression and its per-row probe runs once (as two keys, a null flag and the time, it ran
      // twice per row). SQLite holds ISO-8601 text, where "~" sorts after and "" before every date;
      // PostgreSQL's timestamps have infinity.
      const never = d.name === "postgresql" ? Prisma.sql`CAST(${dir === "asc" ? "infinity" : "-infinity"} AS TIMESTAMP(3))` : Prisma.sql`${dir === "asc" ? "~" : ""}`;
      return { key: Prisma.sql`COALESCE(${lastSyncedSql()}, ${never})`, key2: null };
    }
  }
}

/**
 * The row's last sync: our newest write of its inventory item at any location (ShopifyLevel.writtenAt, set
 * by the writer with every write; the link no longer stores it, issue 11). A probe of the level's primary
 * key per row, as the Shopify column's.
 */
function lastSyncedSql(): Prisma.Sql {
  return Prisma.sql`(SELECT MAX(lv."writtenAt") FROM "ShopifyLevel" lv WHERE lv."shopId" = l."shopId" AND lv."inventoryItemId" = l."inventoryItemId")`;
}

export async function countItems(prisma: PrismaClient, scope: ConnectedScope, query: Partial<ItemListQuery>): Promise<number> {
  const filter = itemFilter(scope, query, dialectOf(prisma));
  const [row] = await prisma.$queryRaw<{ n: bigint | number }[]>`
    ${withClause(filter)} SELECT COUNT(*) AS n FROM ${from(filter)} WHERE ${filter.where}`;
  return Number(row?.n ?? 0);
}

/**
 * The item ids of one page and the number of matching items. Two plans:
 *  - cheap filters: COUNT(*) and the page as two statements; SKU order walks the Item(customerId, sku)
 *    index and stops after the page (no sort at all);
 *  - filters that cost per row (search, mismatch): one statement that evaluates the filter once,
 *    materialises the matching ids with their sort key, and both counts and pages them.
 */
export async function pageItemIds(
  prisma: PrismaClient,
  scope: ConnectedScope,
  query: ItemListQuery,
  page: number,
  pageSize: number,
): Promise<{ ids: string[]; total: number }> {
  const dialect = dialectOf(prisma);
  const filter = itemFilter(scope, query, dialect);
  const { key, key2 } = sortKey(scope, query.sort, query.dir, dialect);
  const d = Prisma.raw(query.dir === "desc" ? "DESC" : "ASC");
  const offset = (page - 1) * pageSize;
  if (query.q || query.mismatch) {
    const matching = Prisma.sql`m AS MATERIALIZED (
        SELECT i."id" AS "itemId", ${key} AS k1, ${key2 ?? Prisma.sql`NULL`} AS k2
        FROM ${from(filter)} WHERE ${filter.where}
      )`;
    const rows = await prisma.$queryRaw<{ total: bigint | number; itemId: string | null }[]>`
      ${withClause(filter, [matching])}
      SELECT t.total AS total, p."itemId" AS "itemId"
      FROM (SELECT COUNT(*) AS total FROM m) t
      LEFT JOIN (SELECT "itemId", k1, k2 FROM m ORDER BY k1 ${d}, k2 ${d}, "itemId" ${d} LIMIT ${pageSize} OFFSET ${offset}) p ON TRUE
      ORDER BY p.k1 ${d}, p.k2 ${d}, p."itemId" ${d}`;
    return { total: Number(rows[0]?.total ?? 0), ids: rows.map((r) => r.itemId).filter((id): id is string => id !== null) };
  }
  const total = await countItems(prisma, scope, query);
  // SKU order: drive the join from the Item(customerId, sku) index (CROSS JOIN fixes the loop order in SQLite).
  const rows =
    query.sort === "sku"
      ? await prisma.$queryRaw<{ itemId: string }[]>`
          ${withClause(filter)} SELECT i."id" AS "itemId" FROM ${from(filter, "item-first", scope.shopId, dialect)}
          WHERE ${filter.where}
          ORDER BY i."sku" ${d}, i."id" ${d} LIMIT ${pageSize} OFFSET ${offset}`
      : await prisma.$queryRaw<{ itemId: string }[]>`
          ${withClause(filter)} SELECT i."id" AS "itemId" FROM ${from(filter)}
          WHERE ${filter.where}
          ORDER BY ${key} ${d}, ${key2 ?? Prisma.sql`1`} ${d}, i."id" ${d} LIMIT ${pageSize} OFFSET ${offset}`;
  return { total, ids: rows.map((r) => r.itemId) };
}
