// Drift detection: drains a shop's stored inventory_levels/update events in arrival order.
// - our own write coming back (Shopify shows what we wrote): recorded as known, nothing else (no loop);
// - someone else's change to a level we manage: recorded on the link (driftDetectedAt), the level's
//   known quantity and a SyncLog row (trigger DRIFT); then, per the customer's drift policy, either a
//   corrective pending sync (re-decided by the domain core now and again by the writer at send time)
//   or left flagged for the merchant.
import { describeDecision, syncTarget, targetAt } from "../../domain";
import { upsertPendingSyncs } from "../db/pending-syncs";
import type { PlatformDeps } from "../wiring/deps";
import { SHOPIFY_SOURCE, settleEvent } from "../intake/inbound-events";
import { kickWriter } from "../sync/kick-writer";
import { classifyLevelUpdate, parseLevelUpdate, type LevelUpdate } from "./level-update";
import { loadLinkedItems, loadShopContext, type ShopContext } from "../db/shop-state";
import { TOPICS } from "../intake/shopify-topics";
import { deleteSettledEventsBefore, pendingEventsOfShop } from "../db/inbound-events";
import { findLinkByInventoryItemId, getLevel, setKnownLevel, setLinkDriftById } from "../db/item-links";
import { appendDriftLog } from "../db/sync-log";

const BATCH = 200;
/** Settled inventory_levels/update events are kept this long (the sync log keeps what drift found). */
export const LEVEL_EVENT_RETENTION_MS = 2 * 24 * 3600_000;

export interface DriftJobResult {
  events: number;
  drift: number;
  corrected: number;
  flagged: number;
}

export async function runDriftJob(deps: PlatformDeps, data: { shopId: string }, signal?: AbortSignal): Promise<DriftJobResult> {
  const result: DriftJobResult = { events: 0, drift: 0, corrected: 0, flagged: 0 };
  let correctionsQueued = false;
  for (;;) {
    // Between batches: a stopping worker leaves the rest PENDING for the next run (nothing is lost).
    if (signal?.aborted) break;
    const events = await pendingEventsOfShop(deps.prisma, levelEventsOf(data.shopId), { take: BATCH });
    if (events.length === 0) break;
    // Re-read per batch: an uninstall or a settings change in between applies to the next events.
    const ctx = await loadShopContext(deps.prisma, data.shopId);
    for (const event of events) {
      result.events++;
      const update = parseLevelUpdate(safeJson(event.rawBody));
      const verdict = update ? await applyLevelUpdate(deps, ctx, update) : { outcome: "INVALID", detail: "unreadable payload" };
      if (verdict.drift) result.drift++;
      if (verdict.corrected) {
        result.corrected++;
        correctionsQueued = true;
      }
      if (verdict.flagged) result.flagged++;
      await settleEvent(deps.prisma, event.id, verdict.outcome, verdict.detail, deps.now());
    }
  }
  if (correctionsQueued) await kickWriter(deps.queue, data.shopId);
  // Every write of ours comes back as one of these events: keep the table bounded. Shopify retries a
  // delivery for up to 4 hours, so settled events older than the retention no longer serve dedupe.
  await deleteSettledEventsBefore(deps.prisma, levelEventsOf(data.shopId), new Date(deps.now().getTime() - LEVEL_EVENT_RETENTION_MS));
  return result;
}

const levelEventsOf = (shopId: string) => ({ source: SHOPIFY_SOURCE, shopId, topic: TOPICS.inventoryLevelsUpdate });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

interface Verdict {
  outcome: string;
  detail: string;
  drift?: boolean;
  corrected?: boolean;
  flagged?: boolean;
}

function mappedLocations(ctx: ShopContext): Set<string> {
  const ids = new Set(Object.values(ctx.prefs.warehouseLocations));
  if (ctx.prefs.defaultLocationId) ids.add(ctx.prefs.defaultLocationId);
  return ids;
}

async function applyLevelUpdate(deps: PlatformDeps, ctx: ShopContext | null, update: LevelUpdate): Promise<Verdict> {
  const { prisma } = deps;
  if (!ctx || ctx.uninstalled) return { outcome: "UNUSED", detail: "shop not installed" };
  if (update.available === null) return { outcome: "UNUSED", detail: "no available quantity" };
  const available = update.available;
  const link = await findLinkByInventoryItemId(prisma, ctx.shopId, update.inventoryItemId);
  if (!link) return { outcome: "UNUSED", detail: "not an item we manage" };
  const level = await getLevel(prisma, ctx.shopId, update.inventoryItemId, update.locationId);
  const verdict = classifyLevelUpdate(level, { ...update, available });
  if (verdict.kind === "stale") return { outcome: "STALE", detail: "older than the quantity we know" };

  const knownAt = update.updatedAt ?? deps.now();
  const remember = () =>
    setKnownLevel(prisma, ctx.shopId, { inventoryItemId: update.inventoryItemId, locationId: update.locationId, quantity: available }, knownAt);

  if (verdict.kind === "not-ours") {
    if (!mappedLocations(ctx).has(update.locationId)) return { outcome: "UNUSED", detail: "location not mapped" };
    await remember();
    return { outcome: "APPLIED", detail: "known quantity recorded" };
  }
  if (verdict.kind === "own-write") {
    await remember();
    // Shopify shows our quantity again (our correction landed, or someone put it back): drift resolved.
    if (link.driftDetectedAt) await setLinkDriftById(prisma, link.id, null);
    return { outcome: "APPLIED", detail: "our own write" };
  }

  // Drift: someone else changed a quantity we wrote.
  await remember();
  await setLinkDriftById(prisma, link.id, deps.now());
  const policy = ctx.customer?.driftPolicy ?? "FLAG";
  let action: { reason: string; corrected: boolean } = { reason: "FLAGGED", corrected: false };
  if (policy === "CORRECT" && ctx.customer) {
    action = await queueCorrection(deps, ctx, link.id, update.locationId);
  }
  // Not a sync (SYNCED/SKIPPED/FAILED): the record that Shopify was changed outside the app.
  await appendDriftLog(prisma, {
    shopId: ctx.shopId,
    itemId: link.itemId,
    locationId: update.locationId,
    reason: action.reason,
    quantityBefore: verdict.written,
    quantityAfter: available,
  });
  deps.logger.info("drift detected", { shop: ctx.shopId, itemId: link.itemId, written: verdict.written, available, action: action.reason });
  return {
    outcome: "APPLIED",
    detail: action.corrected ? "drift: correction queued" : `drift: flagged (${action.reason})`,
    drift: true,
    corrected: action.corrected,
    flagged: !action.corrected,
  };
}

/**
 * The domain core decides whether the item is still ours to publish (settings may have changed since
 * our last write); if so the wanted quantity is queued (trigger DRIFT, not forced: Shopify's known
 * quantity now differs, so the writer writes).
 */
async function queueCorrection(
  deps: PlatformDeps,
  ctx: ShopContext,
  linkId: string,
  locationId: string,
): Promise<{ reason: string; corrected: boolean }> {
  const [entry] = await loadLinkedItems(deps.prisma, ctx.shopId, { id: linkId });
  if (!entry || !ctx.customer) return { reason: "FLAGGED", corrected: false };
  const target = syncTarget({ shop: ctx.prefs, customer: ctx.customer, item: entry.item, link: entry.link, trigger: "DRIFT" });
  const { decision } = target;
  if (decision.kind === "skip") return { reason: decision.reason, corrected: false };
  // The drifted location no longer receives any of the item's warehouses.
  const at = targetAt(target, locationId);
  if (!at) return { reason: "NO_LOCATION", corrected: false };
  const wanted = at.quantity;
  await upsertPendingSyncs(deps.prisma, [{ shopId: ctx.shopId, itemId: entry.itemId, locationId, wanted, trigger: "DRIFT" }]);
  deps.logger.debug("drift correction queued", { shop: ctx.shopId, itemId: entry.itemId, wanted, why: describeDecision(decision) });
  return { reason: "CORRECTION_QUEUED", corrected: true };
}
