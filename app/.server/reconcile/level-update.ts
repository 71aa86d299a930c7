// inventory_levels/update: what a delivery tells us, and whether it is our own write coming back,
// a change made by someone else (drift), or old news. Pure.
import { z } from "zod";

/** REST-shaped payload (Shopify sends only `available` for this topic). */
const Payload = z.object({
  inventory_item_id: z.union([z.number(), z.string()]),
  location_id: z.union([z.number(), z.string()]),
  available: z.number().int().nullable().optional(),
  updated_at: z.string().optional(),
});

export interface LevelUpdate {
  inventoryItemId: string;
  locationId: string;
  /** null: the item is no longer tracked/stocked there (nothing to compare). */
  available: number | null;
  /** Shopify's time of the change (null if missing or unparseable). */
  updatedAt: Date | null;
}

const toGid = (type: string, id: string | number) => (String(id).startsWith("gid://") ? String(id) : `gid://shopify/${type}/${id}`);

export function parseLevelUpdate(payload: unknown): LevelUpdate | null {
  const parsed = Payload.safeParse(payload);
  if (!parsed.success) return null;
  const p = parsed.data;
  const ms = p.updated_at ? Date.parse(p.updated_at) : NaN;
  return {
    inventoryItemId: toGid("InventoryItem", p.inventory_item_id),
    locationId: toGid("Location", p.location_id),
    available: p.available ?? null,
    updatedAt: Number.isNaN(ms) ? null : new Date(ms),
  };
}

export interface KnownLevel {
  knownQuantity: number | null;
  knownAt: Date | null;
  writtenQuantity: number | null;
  writtenAt: Date | null;
}

export type LevelVerdict =
  /** Older than what we already know (e.g. a change our later write replaced): ignore its quantity. */
  | { kind: "stale" }
  /** We never wrote this level: just remember what Shopify shows. */
  | { kind: "not-ours" }
  /** Shopify shows what we wrote: our own write echoing back (or someone restored it). No loop. */
  | { kind: "own-write" }
  /** Someone else changed a quantity we manage. */
  | { kind: "drift"; written: number; available: number };

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * Ordering is by whole seconds: Shopify's updated_at has second precision, so a change made in the same
 * second as our write is compared by quantity, not dropped as old.
 * Known limitation: it compares Shopify's clock with ours (knownAt is when we recorded our write). A skew
 * of a few seconds can hide a change made right after our write; the daily reconciliation still finds it.
 */
export function classifyLevelUpdate(level: KnownLevel | null, update: LevelUpdate & { available: number }): LevelVerdict {
  if (level?.knownAt && update.updatedAt && seconds(update.updatedAt) < seconds(level.knownAt)) return { kind: "stale" };
  if (!level || level.writtenQuantity === null) return { kind: "not-ours" };
  if (update.available === level.writtenQuantity) return { kind: "own-write" };
  return { kind: "drift", written: level.writtenQuantity, available: update.available };
}
