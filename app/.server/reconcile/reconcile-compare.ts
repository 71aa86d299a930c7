// Reconciliation's comparison, pure: Shopify's levels (from the bulk JSONL) against what the rules
// would publish for every item we manage in the shop.
import { describeDecision, syncTarget } from "../../domain";
import type { CustomerPrefs, ItemLinkState, ItemState, ShopPrefs } from "../../domain/types";

export interface ShopifyItemLevels {
  tracked: boolean;
  /** locationId -> available */
  levels: Map<string, number>;
}

/**
 * Reads the bulk JSONL (one object per line; levels carry __parentId = the inventory item's id), keeping
 * only the inventory items we manage so memory stays bounded by our items, not the shop's catalogue.
 */
export function collectLevels(lines: Iterable<string>, wanted: Set<string>, into = new Map<string, ShopifyItemLevels>()): Map<string, ShopifyItemLevels> {
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const obj = JSON.parse(line) as {
      id?: string;
      tracked?: boolean;
      __parentId?: string;
      location?: { id?: string };
      quantities?: { name: string; quantity: number }[];
    };
    if (obj.__parentId === undefined) {
      if (obj.id && wanted.has(obj.id)) into.set(obj.id, { tracked: obj.tracked !== false, levels: into.get(obj.id)?.levels ?? new Map() });
      continue;
    }
    if (!wanted.has(obj.__parentId) || !obj.location?.id) continue;
    const available = obj.quantities?.find((q) => q.name === "available")?.quantity;
    if (typeof available !== "number") continue;
    const entry = into.get(obj.__parentId) ?? { tracked: true, levels: new Map<string, number>() };
    entry.levels.set(obj.location.id, available);
    into.set(obj.__parentId, entry);
  }
  return into;
}

export interface ReconcileEntry {
  itemId: string;
  sku: string;
  variantId: string;
  item: ItemState;
  link: ItemLinkState;
  /** What we last wrote, by location (drift = Shopify differs from it). */
  written: Record<string, number | null>;
  /** Since when we know each location's level (absent: unknown). */
  knownAt?: Record<string, Date | null>;
}

export type DiscrepancyKind =
  /** Shopify differs from what we last wrote there: someone else changed it. */
  | "DRIFT"
  /** Shopify still shows our last write (or we never wrote): the warehouse moved on, a sync is due. */
  | "BEHIND"
  /** The item is not stocked at the mapped location in Shopify. */
  | "NOT_STOCKED"
  /** Shopify no longer tracks the variant's inventory. */
  | "NOT_TRACKED";

export interface Discrepancy {
  itemId: string;
  sku: string;
  variantId: string;
  locationId: string;
  kind: DiscrepancyKind;
  expected: number;
  shopify: number | null;
  action: "QUEUED" | "FLAGGED";
  note: string;
}

export interface ReconcileInput {
  shop: ShopPrefs;
  customer: CustomerPrefs;
  driftPolicy: "CORRECT" | "FLAG";
  entries: ReconcileEntry[];
  shopify: Map<string, ShopifyItemLevels>;
  /** When the bulk read started: Shopify's levels are at least this recent. */
  snapshotAt: Date;
}

export interface ReconcileOutcome {
  checked: number;
  matching: number;
  discrepancies: Discrepancy[];
  /** Corrective syncs to queue (trigger RECONCILE). */
  fixes: { itemId: string; locationId: string; wanted: number }[];
  /** What Shopify shows now, to record as known. */
  known: { inventoryItemId: string; locationId: string; quantity: number }[];
  /** Items whose Shopify quantity was changed by someone else (their link gets driftDetectedAt). */
  drifted: string[];
}

/**
 * Only levels the rules say we publish are compared: for an item set to Never (or not processing
 * orders) Shopify's number is the merchant's, not a discrepancy. Fixes: BEHIND and NOT_STOCKED are
 * always queued (the writer activates the item at the location); DRIFT follows the customer's drift
 * policy; NOT_TRACKED is only reported (the merchant must turn tracking on in Shopify).
 * A level we learned after the bulk read started (our own write, a webhook) is newer than the snapshot:
 * it is not compared (not even counted as checked), so our write is not taken for drift and an old value
 * is not recorded over it.
 */
export function compareShop(input: ReconcileInput): ReconcileOutcome {
  const out: ReconcileOutcome = { checked: 0, matching: 0, discrepancies: [], fixes: [], known: [], drifted: [] };
  for (const entry of input.entries) {
    const { decision, locations } = syncTarget({ shop: input.shop, customer: input.customer, item: entry.item, link: entry.link, trigger: "RECONCILE" });
    if (decision.kind === "skip") continue;
    const remote = input.shopify.get(entry.link.inventoryItemId);
    for (const { locationId, quantity: expected } of locations) {
      const knownAt = entry.knownAt?.[locationId];
      if (knownAt && knownAt.getTime() > input.snapshotAt.getTime()) continue;
      out.checked++;
      const base = { itemId: entry.itemId, sku: entry.sku, variantId: entry.variantId, locationId, expected };
      if (remote && !remote.tracked) {
        out.discrepancies.push({ ...base, kind: "NOT_TRACKED", shopify: null, action: "FLAGGED", note: describeDecision({ kind: "skip", reason: "NOT_TRACKED", effective: decision.effective }) });
        continue;
      }
      const shopify = remote?.levels.get(locationId);
      if (shopify === undefined) {
        out.discrepancies.push({ ...base, kind: "NOT_STOCKED", shopify: null, action: "QUEUED", note: "Not stocked at this location in Shopify; the sync activates it." });
        out.fixes.push({ itemId: entry.itemId, locationId, wanted: expected });
        continue;
      }
      out.known.push({ inventoryItemId: entry.link.inventoryItemId, locationId, quantity: shopify });
      if (shopify === expected) {
        out.matching++;
        continue;
      }
      const written = entry.written[locationId] ?? null;
      if (written !== null && written !== shopify) {
        out.drifted.push(entry.itemId);
        const correct = input.driftPolicy === "CORRECT";
        out.discrepancies.push({
          ...base,
          kind: "DRIFT",
          shopify,
          action: correct ? "QUEUED" : "FLAGGED",
          note: correct ? "Changed in Shopify outside the app; corrected." : "Changed in Shopify outside the app; left as is (drift policy: flag).",
        });
        if (correct) out.fixes.push({ itemId: entry.itemId, locationId, wanted: expected });
        continue;
      }
      out.discrepancies.push({ ...base, kind: "BEHIND", shopify, action: "QUEUED", note: "Shopify is behind the warehouse; a sync is queued." });
      out.fixes.push({ itemId: entry.itemId, locationId, wanted: expected });
    }
  }
  return out;
}
