// The selection action's logic: build the request from the selected products, send it, and turn the
// per-variant results into a few lines a merchant can read.
import type {
  ApiError,
  BulkAction,
  BulkRequest,
  BulkResult,
} from "../../../app/shared/extension-contract";
import type { ItemSyncSetting } from "../../../app/shared/sync-settings";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Relative to app_url: Shopify adds the ID token to this fetch (see the block's api.ts). */
export const BULK_PATH = "/api/extension/bulk";
/** Shopify's product index selects at most 250 rows at once; the backend refuses more. */
export const MAX_SELECTED = 250;

export type BuildResult = { ok: true; request: BulkRequest } | { ok: false; error: string };

export function buildBulkRequest(action: BulkAction, selected: { id: string }[], syncSetting?: ItemSyncSetting): BuildResult {
  const productIds = [...new Set(selected.map((s) => s.id).filter((id) => id.startsWith("gid://shopify/Product/")))];
  if (productIds.length === 0) return { ok: false, error: "Select at least one product." };
  if (productIds.length > MAX_SELECTED) return { ok: false, error: `Select at most ${MAX_SELECTED} products at a time.` };
  if (action === "SET_SETTING") {
    if (!syncSetting) return { ok: false, error: "Choose a Sync Inventory setting." };
    return { ok: true, request: { action, productIds, syncSetting } };
  }
  return { ok: true, request: { action, productIds } };
}

export async function submitBulk(fetch: FetchLike, request: BulkRequest): Promise<BulkResult> {
  const response = await fetch(BULK_PATH, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(request),
  });
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw new Error((body as ApiError | null)?.error ?? `The app answered ${response.status}.`);
  return body as BulkResult;
}

export interface Summary {
  tone: "success" | "warning" | "info";
  title: string;
  lines: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Headline plus the most common skip reasons (the full per-item list is in the app's sync log). */
export function summarize(result: BulkResult): Summary {
  const lines: string[] = [];
  if (result.action === "SYNC") lines.push(`${plural(result.queued, "variant")} queued to sync.`);
  else lines.push(`Sync Inventory changed on ${plural(result.updated, "variant")}.`);
  if (result.unmatched > 0) lines.push(`${plural(result.unmatched, "variant")} have no Whiplash item with the same SKU.`);
  const reasons = new Map<string, number>();
  for (const r of result.results) if (r.outcome === "SKIPPED") reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  const top = [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  for (const [reason, count] of top) lines.push(`${count} × ${reason}`);
  const done = result.action === "SYNC" ? result.queued : result.updated;
  const tone = done === 0 ? "warning" : result.skipped + result.unmatched > 0 ? "info" : "success";
  const title =
    result.action === "SYNC"
      ? `Sync started for ${plural(result.products, "product")}`
      : `Sync Inventory updated for ${plural(result.products, "product")}`;
  return { tone, title, lines };
}
