// The Items page's query service: server-side paging, search, filters and sort over a shop's matched items
// (ItemLink x Item), fast at 100,000 items (bench/item-list.ts). Filters on the decision come from the domain
// core (decision-sql.ts); each row of a page is described by the domain core too (item-view.ts).
import { Prisma, type PrismaClient } from "@prisma/client";
import { z } from "zod";
import { ITEM_SYNC_SETTINGS, SYNC_SETTING_LABELS, type ItemSyncSetting, type ProcessOrdersSetBy } from "../../domain";
import { knownLevels } from "../db/item-links";
import { loadItemStates } from "../db/items";
import { DECISION_FILTERS, decisionWhere, mismatchWhere, type DecisionFilter } from "./decision-sql";
import { viewItem, type ItemDecisionView } from "./item-view";
import type { ConnectedScope } from "./scope";

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

/** WHERE clause for the shop's matched items under the query's filters (aliases: l = ItemLink, i = Item). */
export function itemFilterWhere(scope: ConnectedScope, query: Partial<ItemListQuery>): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`l."shopId" = ${scope.shopId}`, Prisma.sql`i."customerId" = ${scope.customer.id}`];
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
  if (query.mismatch) conditions.push(mismatchWhere(scope.prefs, scope.customerPrefs));
  if (query.error) conditions.push(Prisma.sql`l."lastError" IS NOT NULL`);
  return Prisma.join(conditions, " AND ");
}

const WHIPLASH_SUM = Prisma.sql`(SELECT COALESCE(SUM(MAX(s."sellable", 0)), 0) FROM "ItemWarehouseStock" s WHERE s."itemId" = i."id")`;
const SHOPIFY_SUM = Prisma.sql`(SELECT SUM(lv."knownQuantity") FROM "ShopifyLevel" lv WHERE lv."shopId" = l."shopId" AND lv."inventoryItemId" = l."inventoryItemId")`;

function orderBy(sort: ItemSort, dir: "asc" | "desc"): Prisma.Sql {
  const d = Prisma.raw(dir === "desc" ? "DESC" : "ASC");
  switch (sort) {
    case "sku":
      return Prisma.sql`i."sku" ${d}, i."id" ${d}`;
    case "title":
      return Prisma.sql`l."productTitle" ${d}, l."variantTitle" ${d}, i."id" ${d}`;
    case "whiplash":
      return Prisma.sql`${WHIPLASH_SUM} ${d}, i."id" ${d}`;
    case "shopify":
      // Unknown quantities last either way.
      return Prisma.sql`(${SHOPIFY_SUM} IS NULL), ${SHOPIFY_SUM} ${d}, i."id" ${d}`;
    case "synced":
      return Prisma.sql`(l."lastSyncedAt" IS NULL), l."lastSyncedAt" ${d}, i."id" ${d}`;
  }
}

interface PageRow {
  itemId: string;
  sku: string;
  title: string;
  productId: string;
  variantId: string;
  inventoryItemId: string;
  productTitle: string;
  variantTitle: string;
  tracked: number | boolean;
  lastSyncedAt: Date | string | null;
  lastError: string | null;
  driftDetectedAt: Date | string | null;
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
  const where = itemFilterWhere(scope, query);
  const [row] = await prisma.$queryRaw<{ n: bigint | number }[]>`
    SELECT COUNT(*) AS n FROM "ItemLink" l JOIN "Item" i ON i."id" = l."itemId" WHERE ${where}`;
  return Number(row?.n ?? 0);
}

export async function listItems(
  prisma: PrismaClient,
  scope: ConnectedScope,
  query: ItemListQuery,
  options: { pageSize?: number } = {},
): Promise<ItemListPage> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const where = itemFilterWhere(scope, query);
  const total = await countItems(prisma, scope, query);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(query.page, pageCount);
  const rows = await prisma.$queryRaw<PageRow[]>`
    SELECT i."id" AS "itemId", i."sku", i."title", l."productId", l."variantId", l."inventoryItemId", l."productTitle",
           l."variantTitle", l."tracked", l."lastSyncedAt", l."lastError", l."driftDetectedAt"
    FROM "ItemLink" l JOIN "Item" i ON i."id" = l."itemId"
    WHERE ${where}
    ORDER BY ${orderBy(query.sort, query.dir)}
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;

  const states = await loadItemStates(prisma, rows.map((r) => r.itemId), { customerId: scope.customer.id });
  const levels = await knownLevels(prisma, scope.shopId, rows.map((r) => r.inventoryItemId));
  const out: ItemListRow[] = [];
  for (const r of rows) {
    const state = states.get(r.itemId);
    if (!state) continue; // deleted between the two reads
    const tracked = r.tracked === true || r.tracked === 1;
    const view = viewItem(scope.prefs, scope.customerPrefs, state, { inventoryItemId: r.inventoryItemId, tracked }, levels.get(r.inventoryItemId) ?? {});
    out.push({
      ...view,
      itemId: r.itemId,
      sku: state.sku,
      productTitle: r.productTitle || r.title,
      variantTitle: r.variantTitle,
      variantId: r.variantId,
      syncSetting: state.syncSetting,
      settingLabel: SYNC_SETTING_LABELS[state.syncSetting],
      processOrders: state.processOrders,
      processOrdersSetBy: state.processOrdersSetBy,
      tracked,
      lastSyncedAt: iso(r.lastSyncedAt),
      lastError: r.lastError,
      driftDetectedAt: iso(r.driftDetectedAt),
    });
  }
  return { rows: out, total, page, pageCount, hasNext: page < pageCount, hasPrevious: page > 1, query: { ...query, page } };
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
  const where = itemFilterWhere(scope, query);
  const after = options.after ? Prisma.sql`AND i."id" > ${options.after}` : Prisma.empty;
  return prisma.$queryRaw<{ itemId: string; sku: string }[]>`
    SELECT i."id" AS "itemId", i."sku" FROM "ItemLink" l JOIN "Item" i ON i."id" = l."itemId"
    WHERE ${where} ${after}
    ORDER BY i."id" ASC LIMIT ${options.take}`;
}

/** Of these item ids, the ones that are matched items of this shop (a selection posted by the browser). */
export async function ownItemIds(prisma: PrismaClient, scope: ConnectedScope, itemIds: readonly string[]): Promise<{ itemId: string; sku: string }[]> {
  const out: { itemId: string; sku: string }[] = [];
  const unique = [...new Set(itemIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const part = unique.slice(i, i + 500);
    const rows = await prisma.itemLink.findMany({
      where: { shopId: scope.shopId, itemId: { in: part }, item: { customerId: scope.customer.id } },
      select: { itemId: true, item: { select: { sku: true } } },
    });
    out.push(...rows.map((r) => ({ itemId: r.itemId, sku: r.item.sku })));
  }
  return out;
}
