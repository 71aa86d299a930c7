// The Items page's query service: server-side paging, search, filters and sort over a shop's matched items
// (ItemLink x Item), fast at 100,000 items (bench/item-list.ts). Filters on the decision come from the domain
// core (db/decision-sql.ts, through db/item-filter-sql.ts); each row of a page is described by the domain
// core too (item-view.ts). The list query itself (parsing, filter parameters) is app/shared/item-list-query.ts.
import { Prisma, type PrismaClient } from "@prisma/client";
import { SYNC_SETTING_LABELS, type ItemSyncSetting, type ProcessOrdersSetBy } from "../../domain";
import type { ItemListQuery, ItemSort } from "../../shared/item-list-query";
import { from, itemFilter, withClause } from "../db/item-filter-sql";
import { knownLevels, listLinksForShop } from "../db/item-links";
import { loadItemStates } from "../db/items";
import { viewItem, type ItemDecisionView } from "./item-view";
import type { ConnectedScope } from "../db/shop-scope";

// The list query moved to app/shared (bulk runs use it too); re-exported for the page and its tests.
export {
  describeFilters,
  FILTER_KEYS,
  filterParams,
  hasFilters,
  ITEM_SORTS,
  parseItemListQuery,
  type ItemListQuery,
  type ItemSort,
} from "../../shared/item-list-query";

export const PAGE_SIZE = 50;

const WHIPLASH_SUM = Prisma.sql`(SELECT COALESCE(SUM(MAX(s."sellable", 0)), 0) FROM "ItemWarehouseStock" s WHERE s."itemId" = i."id")`;

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
function sortKey(scope: ConnectedScope, sort: ItemSort, dir: "asc" | "desc"): { key: Prisma.Sql; key2: Prisma.Sql | null } {
  const sentinel = dir === "asc" ? NULLS_LAST_ASC : NULLS_LAST_DESC;
  switch (sort) {
    case "sku":
      return { key: Prisma.sql`i."sku"`, key2: null };
    case "title":
      return { key: Prisma.sql`l."productTitle"`, key2: Prisma.sql`l."variantTitle"` };
    case "whiplash":
      return { key: WHIPLASH_SUM, key2: null };
    case "shopify":
      return { key: Prisma.sql`COALESCE(${shopifyQuantitySql(scope)}, ${sentinel})`, key2: null };
    case "synced":
      // Never synced last either way ('' sorts first, '~' last among ISO timestamps).
      return { key: Prisma.sql`COALESCE(l."lastSyncedAt", ${dir === "asc" ? "~" : ""})`, key2: null };
  }
}

export interface ItemListRow extends ItemDecisionView {
  itemId: string;
  sku: string;
  productTitle: string;
  variantTitle: string;
  variantId: string;
  syncSetting: ItemSyncSetting;
  settingLabel: string;
  processOrders: boolean;
  processOrdersSetBy: ProcessOrdersSetBy;
  tracked: boolean;
  lastSyncedAt: string | null;
  lastError: string | null;
  driftDetectedAt: string | null;
}

export interface ItemListPage {
  rows: ItemListRow[];
  total: number;
  page: number;
  pageCount: number;
  hasNext: boolean;
  hasPrevious: boolean;
  query: ItemListQuery;
}

function iso(v: Date | string | null): string | null {
  if (v === null) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

export async function countItems(prisma: PrismaClient, scope: ConnectedScope, query: Partial<ItemListQuery>): Promise<number> {
  const filter = itemFilter(scope, query);
  const [row] = await prisma.$queryRaw<{ n: bigint | number }[]>`
    ${withClause(filter)} SELECT COUNT(*) AS n FROM ${from(filter)} WHERE ${filter.where}`;
  return Number(row?.n ?? 0);
}

export async function listItems(
  prisma: PrismaClient,
  scope: ConnectedScope,
  query: ItemListQuery,
  options: { pageSize?: number } = {},
): Promise<ItemListPage> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  let { ids, total } = await pageIds(prisma, scope, query, query.page, pageSize);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(query.page, pageCount);
  if (page !== query.page) ({ ids, total } = await pageIds(prisma, scope, query, page, pageSize));

  const links = await listLinksForShop(prisma, scope.shopId, { itemIds: ids });
  const linkOf = new Map(links.map((l) => [l.itemId, l]));
  const states = await loadItemStates(prisma, ids, { customerId: scope.customer.id });
  const levels = await knownLevels(prisma, scope.shopId, links.map((l) => l.inventoryItemId));
  const out: ItemListRow[] = [];
  for (const id of ids) {
    const state = states.get(id);
    const r = linkOf.get(id);
    if (!state || !r) continue; // deleted between the reads
    const view = viewItem(scope.prefs, scope.customerPrefs, state, { inventoryItemId: r.inventoryItemId, tracked: r.tracked }, levels.get(r.inventoryItemId) ?? {});
    out.push({
      ...view,
      itemId: id,
      sku: state.sku,
      productTitle: r.productTitle,
      variantTitle: r.variantTitle,
      variantId: r.variantId,
      syncSetting: state.syncSetting,
      settingLabel: SYNC_SETTING_LABELS[state.syncSetting],
      processOrders: state.processOrders,
      processOrdersSetBy: state.processOrdersSetBy,
      tracked: r.tracked,
      lastSyncedAt: iso(r.lastSyncedAt),
      lastError: r.lastError,
      driftDetectedAt: iso(r.driftDetectedAt),
    });
  }
  return { rows: out, total, page, pageCount, hasNext: page < pageCount, hasPrevious: page > 1, query: { ...query, page } };
}

/**
 * The item ids of one page and the number of matching items. Two plans:
 *  - cheap filters: COUNT(*) and the page as two statements; SKU order walks the Item(customerId, sku)
 *    index and stops after the page (no sort at all);
 *  - filters that cost per row (search, mismatch): one statement that evaluates the filter once,
 *    materialises the matching ids with their sort key, and both counts and pages them.
 */
async function pageIds(
  prisma: PrismaClient,
  scope: ConnectedScope,
  query: ItemListQuery,
  page: number,
  pageSize: number,
): Promise<{ ids: string[]; total: number }> {
  const filter = itemFilter(scope, query);
  const { key, key2 } = sortKey(scope, query.sort, query.dir);
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
      LEFT JOIN (SELECT "itemId", k1, k2 FROM m ORDER BY k1 ${d}, k2 ${d}, "itemId" ${d} LIMIT ${pageSize} OFFSET ${offset}) p ON 1
      ORDER BY p.k1 ${d}, p.k2 ${d}, p."itemId" ${d}`;
    return { total: Number(rows[0]?.total ?? 0), ids: rows.map((r) => r.itemId).filter((id): id is string => id !== null) };
  }
  const total = await countItems(prisma, scope, query);
  // SKU order: drive the join from the Item(customerId, sku) index (CROSS JOIN fixes the loop order in SQLite).
  const rows =
    query.sort === "sku"
      ? await prisma.$queryRaw<{ itemId: string }[]>`
          ${withClause(filter)} SELECT i."id" AS "itemId" FROM ${from(filter, "item-first", scope.shopId)}
          WHERE ${filter.where}
          ORDER BY i."sku" ${d}, i."id" ${d} LIMIT ${pageSize} OFFSET ${offset}`
      : await prisma.$queryRaw<{ itemId: string }[]>`
          ${withClause(filter)} SELECT i."id" AS "itemId" FROM ${from(filter)}
          WHERE ${filter.where}
          ORDER BY ${key} ${d}, ${key2 ?? Prisma.sql`1`} ${d}, i."id" ${d} LIMIT ${pageSize} OFFSET ${offset}`;
  return { total, ids: rows.map((r) => r.itemId) };
}
