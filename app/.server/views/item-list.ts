// The Items page's query service: server-side paging, search, filters and sort over a shop's matched items
// (ItemLink x Item), fast at 100,000 items (bench/item-list.ts). Filters on the decision come from the domain
// core (decision-sql.ts); each row of a page is described by the domain core too (item-view.ts).
import { Prisma, type PrismaClient } from "@prisma/client";
import { z } from "zod";
import { ITEM_SYNC_SETTINGS, SYNC_SETTING_LABELS, type ItemSyncSetting, type ProcessOrdersSetBy } from "../../domain";
import { knownLevels, listLinksForShop } from "../db/item-links";
import { matchedItemsAmong } from "../db/item-list-queries";
import { loadItemStates } from "../db/items";
import { DECISION_FILTERS, decisionWhere, mismatchFilter, type DecisionFilter, type SqlFilter } from "./decision-sql";
import { viewItem, type ItemDecisionView } from "./item-view";
import type { ConnectedScope } from "../db/shop-scope";

export const ITEM_SORTS = ["sku", "title", "whiplash", "shopify", "synced"] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];
export const PAGE_SIZE = 50;

export interface ItemListQuery {
  q?: string;
  setting?: ItemSyncSetting;
  reason?: DecisionFilter;
  po?: "on" | "off";
  received?: "yes" | "no";
  mismatch?: "yes";
  /** Items whose last write to Shopify failed (ItemLink.lastError). */
  error?: "yes";
  sort: ItemSort;
  dir: "asc" | "desc";
  page: number;
}

const fields = {
  q: z.string().trim().max(100),
  setting: z.enum(ITEM_SYNC_SETTINGS),
  reason: z.enum(DECISION_FILTERS),
  po: z.enum(["on", "off"]),
  received: z.enum(["yes", "no"]),
  mismatch: z.enum(["yes"]),
  error: z.enum(["yes"]),
  sort: z.enum(ITEM_SORTS),
  dir: z.enum(["asc", "desc"]),
  page: z.coerce.number().int().min(1).max(1_000_000),
} as const;

/** Reads the list query from a URL; a value that is not valid is ignored (a stale link still opens the list). */
export function parseItemListQuery(params: URLSearchParams): ItemListQuery {
  const read = <K extends keyof typeof fields>(key: K): z.infer<(typeof fields)[K]> | undefined => {
    const raw = params.get(key);
    if (raw === null || raw === "") return undefined;
    const parsed = fields[key].safeParse(raw);
    return parsed.success ? (parsed.data as z.infer<(typeof fields)[K]>) : undefined;
  };
  return {
    q: read("q") || undefined,
    setting: read("setting"),
    reason: read("reason"),
    po: read("po"),
    received: read("received"),
    mismatch: read("mismatch"),
    error: read("error"),
    sort: read("sort") ?? "sku",
    dir: read("dir") ?? "asc",
    page: read("page") ?? 1,
  };
}

export const FILTER_KEYS = ["q", "setting", "reason", "po", "received", "mismatch", "error"] as const;

/** The filter part of a query as URL parameters (no sort/page): what a saved filter or a bulk run keeps. */
export function filterParams(query: Partial<ItemListQuery>): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = query[key];
    if (v) out.set(key, v);
  }
  return out;
}

export function hasFilters(query: Partial<ItemListQuery>): boolean {
  return filterParams(query).toString() !== "";
}

/** "Sync Inventory: Never, Process Orders: on, search \"hood\"" */
export function describeFilters(query: Partial<ItemListQuery>): string {
  const parts: string[] = [];
  if (query.q) parts.push(`search "${query.q}"`);
  if (query.setting) parts.push(`Sync Inventory: ${SYNC_SETTING_LABELS[query.setting]}`);
  if (query.reason) parts.push(`decision: ${query.reason.replace(/_/g, " ").toLowerCase()}`);
  if (query.po) parts.push(`Process Orders: ${query.po}`);
  if (query.received) parts.push(query.received === "yes" ? "received" : "never received");
  if (query.mismatch) parts.push("Whiplash and Shopify differ");
  if (query.error) parts.push("last sync failed");
  return parts.length ? parts.join(", ") : "all matched items";
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The shop's matched items under the query's filters (aliases: l = ItemLink, i = Item): WHERE conditions, plus
 * the CTEs and 1:1 joins some filters need. Use `from()`/`withClause()` to place them.
 */
export function itemFilter(scope: ConnectedScope, query: Partial<ItemListQuery>): SqlFilter {
  const conditions: Prisma.Sql[] = [Prisma.sql`l."shopId" = ${scope.shopId}`, Prisma.sql`i."customerId" = ${scope.customer.id}`];
  const ctes: Prisma.Sql[] = [];
  const joins: Prisma.Sql[] = [];
  if (query.q) {
    const like = likePattern(query.q);
    conditions.push(
      Prisma.sql`(i."sku" LIKE ${like} ESCAPE '\\' OR l."productTitle" LIKE ${like} ESCAPE '\\' OR l."variantTitle" LIKE ${like} ESCAPE '\\' OR i."title" LIKE ${like} ESCAPE '\\')`,
    );
  }
  if (query.setting) conditions.push(Prisma.sql`i."syncSetting" = ${query.setting}`);
  if (query.po) conditions.push(Prisma.sql`i."processOrders" = ${query.po === "on" ? 1 : 0}`);
  if (query.received === "yes") conditions.push(Prisma.sql`(i."firstReceivedAt" IS NOT NULL OR i."receivedTotal" > 0)`);
  if (query.received === "no") conditions.push(Prisma.sql`(i."firstReceivedAt" IS NULL AND i."receivedTotal" <= 0)`);
  if (query.reason) conditions.push(decisionWhere(scope.prefs, scope.customerPrefs, query.reason));
  if (query.mismatch) {
    const m = mismatchFilter(scope.prefs, scope.customerPrefs, scope.customer.id);
    ctes.push(...m.ctes);
    joins.push(...m.joins);
    conditions.push(m.where);
  }
  if (query.error) conditions.push(Prisma.sql`l."lastError" IS NOT NULL`);
  return { ctes, joins, where: Prisma.join(conditions, " AND ") };
}

/** "WITH a AS (...), b AS (...)" for the filter's CTEs plus `extra` ones (empty when there are none). */
function withClause(filter: SqlFilter, extra: Prisma.Sql[] = []): Prisma.Sql {
  const all = [...filter.ctes, ...extra];
  return all.length ? Prisma.sql`WITH ${Prisma.join(all, ", ")}` : Prisma.empty;
}

/** "ItemLink l JOIN Item i ON ..." with the filter's joins. */
function from(filter: SqlFilter, order: "link-first" | "item-first" = "link-first", shopId?: string): Prisma.Sql {
  const joins = filter.joins.length ? Prisma.join(filter.joins, " ") : Prisma.empty;
  if (order === "item-first") {
    // CROSS JOIN fixes the loop order in SQLite: walk Item(customerId, sku) and stop after the page.
    return Prisma.sql`"Item" i CROSS JOIN "ItemLink" l ON l."shopId" = ${shopId} AND l."itemId" = i."id" ${joins}`;
  }
  return Prisma.sql`"ItemLink" l JOIN "Item" i ON i."id" = l."itemId" ${joins}`;
}

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

/**
 * Item ids matching the query's filters, in id order, `take` at a time after `after` (keyset): how bulk
 * actions on "all matching items" walk a big selection without loading it at once.
 */
export async function matchingItemIds(
  prisma: PrismaClient,
  scope: ConnectedScope,
  query: Partial<ItemListQuery>,
  options: { after?: string | null; take: number },
): Promise<{ itemId: string; sku: string }[]> {
  const filter = itemFilter(scope, query);
  const after = options.after ? Prisma.sql`AND i."id" > ${options.after}` : Prisma.empty;
  return prisma.$queryRaw<{ itemId: string; sku: string }[]>`
    ${withClause(filter)} SELECT i."id" AS "itemId", i."sku" FROM ${from(filter)}
    WHERE ${filter.where} ${after}
    ORDER BY i."id" ASC LIMIT ${options.take}`;
}

/** Of these item ids, the ones that are matched items of this shop (a selection posted by the browser). */
export async function ownItemIds(prisma: PrismaClient, scope: ConnectedScope, itemIds: readonly string[]): Promise<{ itemId: string; sku: string }[]> {
  return matchedItemsAmong(prisma, scope.shopId, scope.customer.id, itemIds);
}
