// The Items page's list query (search, filters, sort, page) as URL parameters: parsed, described and kept
// the same way by the page, its saved filters and bulk runs on "all matching items". Pure.
import { z } from "zod";
import { ITEM_SYNC_SETTINGS, SYNC_SETTING_LABELS, type ItemSyncSetting } from "../domain";
import { DECISION_FILTERS, type DecisionFilter } from "./item-filters";

export const ITEM_SORTS = ["sku", "title", "whiplash", "shopify", "synced"] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

export interface ItemListQuery {
  q?: string;
  setting?: ItemSyncSetting;
  reason?: DecisionFilter;
  po?: "on" | "off";
  received?: "yes" | "no";
  mismatch?: "yes";
  /** Items whose last write to Shopify failed (an ItemSyncError row). */
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
