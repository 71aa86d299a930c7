// The item page's read side: everything about one item of the session's shop (Rules, Orders, Inventory,
// History tabs). Items are scoped by the shop's Whiplash customer and must be matched in this shop: an id
// from another shop's catalog answers "not found". The changes a merchant makes on the page are commands
// (commands/change-item-settings.ts, commands/sync-items.ts).
import { unitsInFlightByItem } from "../db/in-flight-orders";
import type { PrismaClient } from "@prisma/client";
import {
  describeSkipReason,
  describeSyncReason,
  PROCESS_ORDERS_MODE_LABELS,
  PROCESS_ORDERS_SET_BY_LABELS,
  processOrdersDisagreement,
  describeRuleChange,
  syncSettingSetByText,
  unknownSyncCodeWarning,
  whiplashSyncSettingText,
  SKIP_REASONS,
  SYNC_REASONS,
  type ItemSyncSetting,
  type ProcessOrdersSetBy,
  type SkipReason,
  type SyncReason,
  type ShipLineState,
} from "../../domain";
import { levelsOfInventoryItem, pendingSyncsOfItem } from "../db/item-detail-queries";
import { getLink, syncStatusOfLinks } from "../db/item-links";
import { loadItemRecord } from "../db/items";
import { listSyncLogForItem } from "../db/sync-log";
import { viewItem, type ItemDecisionView } from "./item-view";
import type { ConnectedScope } from "../db/shop-scope";

export interface HistoryEntry {
  id: number;
  at: string;
  trigger: string;
  /** SYNCED / SKIPPED / FAILED (older rows may say written / skipped / failed). */
  decision: "SYNCED" | "SKIPPED" | "FAILED" | "OTHER";
  reason: string;
  /** The reason in words. */
  text: string;
  locationId: string | null;
  quantityBefore: number | null;
  quantityAfter: number | null;
  error: string | null;
  runId: string | null;
}

export interface ItemDetail extends ItemDecisionView {
  itemId: string;
  version: number;
  sku: string;
  title: string;
  whiplashItemId: number;
  productTitle: string;
  variantTitle: string;
  productId: string;
  variantId: string;
  inventoryItemId: string;
  tracked: boolean;
  syncSetting: ItemSyncSetting;
  /** Who set Sync Inventory last, in words, and when (ISO; null: not known): docs/decisions/0010. */
  syncSettingSetByText: string;
  syncSettingSetAt: string | null;
  /** Whiplash's own Sync Inventory for the item in words (null: not reported yet), and when it was reported. */
  whiplashSyncSetting: string | null;
  whiplashRulesAt: string | null;
  /** Whiplash's include_inbound_in_published (null: not reported). */
  whiplashIncludeInbound: boolean | null;
  /** A sentence when Whiplash reported a code the app does not know (ours kept, not guessed), else null. */
  unknownSyncCode: string | null;
  /** A merchant's Sync Inventory change not yet written to Whiplash, since when (ISO); null: none pending. */
  rulesWritePendingAt: string | null;
  /** Why Whiplash refused the last write-back (null: none). */
  rulesWriteError: string | null;
  /** Sync Inventory changes on both sides, newest first (History tab). */
  ruleHistory: { id: number; at: string; side: "APP" | "WHIPLASH"; text: string }[];
  bufferOverride: number | null;
  defaultBuffer: number;
  processOrders: boolean;
  processOrdersSetBy: ProcessOrdersSetBy;
  /** "a change in Whiplash", "the app's automation", ... */
  processOrdersSetByText: string;
  /** When it was last set (ISO; null: not known). */
  processOrdersSetAt: string | null;
  /** Whiplash's own flag as last reported (null: not reported yet), and when. */
  whiplashProcessOrders: boolean | null;
  whiplashProcessOrdersAt: string | null;
  /** A sentence when the app's flag and Whiplash's differ (rule 3.10), else null. */
  processOrdersDisagreement: string | null;
  processOrdersMode: string;
  processOrdersModeLabel: string;
  receivedTotal: number;
  firstReceivedAt: string | null;
  stock: { warehouseId: number; sellable: number; locationId: string | null }[];
  shipLines: Omit<ShipLineState, "lastEventAt">[];
  levels: { locationId: string; knownQuantity: number | null; knownAt: string | null; writtenQuantity: number | null; writtenAt: string | null }[];
  pending: { locationId: string; wanted: number; trigger: string; enqueuedAt: string }[];
  lastSyncedAt: string | null;
  lastError: string | null;
  driftDetectedAt: string | null;
  history: HistoryEntry[];
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function normalizeDecision(d: string): HistoryEntry["decision"] {
  const up = d.toUpperCase();
  if (up === "SYNCED" || up === "WRITTEN") return "SYNCED";
  if (up === "SKIPPED") return "SKIPPED";
  if (up === "FAILED") return "FAILED";
  return "OTHER";
}

/** A log row's reason in words (sync and skip reasons from the domain; error codes with their message). */
export function describeLogReason(decision: string, reason: string, error: string | null): string {
  if ((SYNC_REASONS as readonly string[]).includes(reason)) return describeSyncReason(reason as SyncReason);
  if ((SKIP_REASONS as readonly string[]).includes(reason)) return describeSkipReason(reason as SkipReason);
  if (normalizeDecision(decision) === "FAILED") return `Failed: ${error ?? reason}`;
  if (decision === "CALL_FAILED") return `Shopify call failed (${reason}): ${error ?? ""}`;
  return error ? `${reason}: ${error}` : reason;
}

export async function loadItemDetail(prisma: PrismaClient, scope: ConnectedScope, itemId: string): Promise<ItemDetail | null> {
  const link = await getLink(prisma, scope.shopId, itemId);
  if (!link) return null;
  const record = await loadItemRecord(prisma, itemId, { customerId: scope.customer.id });
  if (!record) return null;
  const [levels, pending, log, inFlight, writeBack, status] = await Promise.all([
    levelsOfInventoryItem(prisma, scope.shopId, link.inventoryItemId),
    pendingSyncsOfItem(prisma, scope.shopId, itemId),
    listSyncLogForItem(prisma, scope.shopId, itemId, { take: 100 }),
    unitsInFlightByItem(prisma, scope.shopId, [itemId]),
    prisma.item.findUnique({
      where: { id: itemId },
      select: { rulesWritePendingAt: true, rulesWriteError: true, ruleChanges: { orderBy: { id: "desc" }, take: 50 } },
    }),
    syncStatusOfLinks(prisma, scope.shopId, [link]).then((m) => m.get(itemId)),
  ]);
  const known = Object.fromEntries(levels.map((l) => [l.locationId, l.knownQuantity]));
  const state = record.state;
  const unitsInFlight = inFlight.get(itemId);
  const view = viewItem(scope.prefs, scope.customerPrefs, state, { inventoryItemId: link.inventoryItemId, tracked: link.tracked, unitsInFlight }, known);
  const locationOf = (w: number) => scope.prefs.warehouseLocations[w] ?? scope.prefs.defaultLocationId;
  return {
    ...view,
    itemId,
    version: record.version,
    sku: state.sku,
    title: record.title,
    whiplashItemId: state.whiplashItemId,
    productTitle: link.productTitle || record.title,
    variantTitle: link.variantTitle,
    productId: link.productId,
    variantId: link.variantId,
    inventoryItemId: link.inventoryItemId,
    tracked: link.tracked,
    syncSetting: state.syncSetting,
    syncSettingSetByText: syncSettingSetByText(state),
    syncSettingSetAt: state.syncSettingSetAt ?? null,
    whiplashSyncSetting: whiplashSyncSettingText(state),
    whiplashRulesAt: state.whiplashRulesAt ?? null,
    whiplashIncludeInbound: state.whiplashIncludeInbound ?? null,
    unknownSyncCode: unknownSyncCodeWarning(state),
    rulesWritePendingAt: iso(writeBack?.rulesWritePendingAt),
    rulesWriteError: writeBack?.rulesWriteError ?? null,
    ruleHistory: (writeBack?.ruleChanges ?? []).map((c) => ({
      id: c.id,
      at: c.at.toISOString(),
      side: c.side === "WHIPLASH" ? "WHIPLASH" : "APP",
      text: describeRuleChange(c),
    })),
    bufferOverride: state.bufferOverride,
    defaultBuffer: scope.customerPrefs.defaultBuffer,
    processOrders: state.processOrders,
    processOrdersSetBy: state.processOrdersSetBy,
    processOrdersSetByText: PROCESS_ORDERS_SET_BY_LABELS[state.processOrdersSetBy],
    processOrdersSetAt: state.processOrdersSetAt ?? null,
    whiplashProcessOrders: state.whiplashProcessOrders ?? null,
    whiplashProcessOrdersAt: state.whiplashProcessOrdersAt ?? null,
    processOrdersDisagreement: processOrdersDisagreement(state, scope.customerPrefs.processOrdersMode),
    processOrdersMode: scope.customerPrefs.processOrdersMode,
    processOrdersModeLabel: PROCESS_ORDERS_MODE_LABELS[scope.customerPrefs.processOrdersMode],
    receivedTotal: state.receivedTotal,
    firstReceivedAt: state.firstReceivedAt,
    stock: Object.entries(state.sellableByWarehouse).map(([w, q]) => ({ warehouseId: Number(w), sellable: q, locationId: locationOf(Number(w)) })),
    shipLines: state.shipLines.map((l) => ({
      shipNoticeId: l.shipNoticeId,
      lineId: l.lineId,
      warehouseId: l.warehouseId,
      expected: l.expected,
      receivedGood: l.receivedGood,
      damaged: l.damaged,
      publish: l.publish,
      completed: l.completed,
    })),
    levels: levels.map((l) => ({
      locationId: l.locationId,
      knownQuantity: l.knownQuantity,
      knownAt: iso(l.knownAt),
      writtenQuantity: l.writtenQuantity,
      writtenAt: iso(l.writtenAt),
    })),
    pending: pending.map((p) => ({ locationId: p.locationId, wanted: p.wanted, trigger: p.trigger, enqueuedAt: p.enqueuedAt.toISOString() })),
    lastSyncedAt: iso(status?.lastSyncedAt ?? null),
    lastError: status?.lastError ?? null,
    driftDetectedAt: iso(link.driftDetectedAt),
    history: log.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      trigger: r.trigger,
      decision: normalizeDecision(r.decision),
      reason: r.reason,
      text: describeLogReason(r.decision, r.reason, r.error),
      locationId: r.locationId,
      quantityBefore: r.quantityBefore,
      quantityAfter: r.quantityAfter,
      error: r.error,
      runId: r.runId,
    })),
  };
}
