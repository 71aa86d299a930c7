// Shopify global IDs and opaque cursors. Numeric ids start at realistic magnitudes so code that
// assumes small ids (or 32-bit ints) fails here the way it would against a real shop.

export type GidType =
  | "Product"
  | "ProductVariant"
  | "InventoryItem"
  | "InventoryLevel"
  | "InventoryQuantity"
  | "Location"
  | "SavedSearch"
  | "BulkOperation"
  | "InventoryAdjustmentGroup"
  | "Shop"
  | "Order";

export function gid(type: GidType, id: number | string, params?: Record<string, string | number>): string {
  const base = `gid://shopify/${type}/${id}`;
  if (!params) return base;
  const query = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join("&");
  return `${base}?${query}`;
}

export interface ParsedGid {
  type: string;
  id: number;
  params: URLSearchParams;
}

/** Parses gid://shopify/<Type>/<id>[?params]; null when it is not a Shopify gid with a numeric id. */
export function parseGid(value: unknown): ParsedGid | null {
  if (typeof value !== "string") return null;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?(.*))?$/.exec(value);
  if (!match) return null;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return null;
  return { type: match[1], id, params: new URLSearchParams(match[3] ?? "") };
}

/** Numeric id of a gid of the given type, or null. Hot in inventory writes, so no regex or URL parsing. */
export function idOf(value: unknown, type: GidType): number | null {
  if (typeof value !== "string") return null;
  const prefix = `gid://shopify/${type}/`;
  if (!value.startsWith(prefix)) return null;
  const end = value.indexOf("?", prefix.length);
  const digits = end === -1 ? value.slice(prefix.length) : value.slice(prefix.length, end);
  if (!/^\d+$/.test(digits)) return null;
  const id = Number(digits);
  return Number.isSafeInteger(id) ? id : null;
}

// Cursors look like Shopify's (base64 JSON with last_id/last_value) so they are opaque to clients.
export function encodeCursor(lastId: number, lastValue: string | number = lastId): string {
  return Buffer.from(JSON.stringify({ last_id: lastId, last_value: String(lastValue) })).toString("base64");
}

export function decodeCursor(cursor: string): { lastId: number; lastValue: string } | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id !== "number") return null;
    return { lastId: parsed.last_id, lastValue: String(parsed.last_value ?? parsed.last_id) };
  } catch {
    return null;
  }
}
