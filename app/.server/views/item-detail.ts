// The item page: everything about one item of the session's shop (Rules, Orders, Inventory, History tabs),
// and the changes a merchant makes there. Items are scoped by the shop's Whiplash customer and must be
// matched in this shop: an id from another shop's catalog answers "not found".
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import {
  applyWarehouseEvent,
  describeSkipReason,
  describeSyncReason,
  ITEM_SYNC_SETTINGS,
  PROCESS_ORDERS_MODE_LABELS,
  SKIP_REASONS,
  SYNC_REASONS,
  SYNC_SETTING_LABELS,
  type ItemSyncSetting,
  type ProcessOrdersSetBy,
  type SkipReason,
  type SyncReason,
} from "../../domain";
import { getLink } from "../db/item-links";
import { ItemVersionConflictError, loadItemRecord, saveItemState, updateItemSettings } from "../db/items";
import { listSyncLogForItem } from "../db/sync-log";
import type { JobQueue } from "../jobs/types";
import { viewItem, type ItemDecisionView } from "./item-view";
import type { ConnectedScope } from "../db/shop-scope";
import { queueItemSyncs } from "../commands/sync-requests";

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
  bufferOverride: number | null;
  defaultBuffer: number;
  processOrders: boolean;
  processOrdersSetBy: ProcessOrdersSetBy;
  processOrdersMode: string;
  processOrdersModeLabel: string;
  receivedTotal: number;
  firstReceivedAt: string | null;
  stock: { warehouseId: number; sellable: number; locationId: string | null }[];
  shipLines: {
    shipNoticeId: number;
    lineId: number;
    warehouseId: number;
    expected: number;
    receivedGood: number;
    damaged: number;
    publish: boolean;
    completed: boolean;
  }[];
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
  return error ? `${reason}: ${error}` : reason;
}

export async function loadItemDetail(prisma: PrismaClient, scope: ConnectedScope, itemId: string): Promise<ItemDetail | null> {
  const link = await getLink(prisma, scope.shopId, itemId);
  if (!link) return null;
  const record = await loadItemRecord(prisma, itemId, { customerId: scope.customer.id });
  if (!record) return null;
  const [levels, pending, log] = await Promise.all([
    prisma.shopifyLevel.findMany({ where: { shopId: scope.shopId, inventoryItemId: link.inventoryItemId }, orderBy: { locationId: "asc" } }),
    prisma.pendingSync.findMany({ where: { shopId: scope.shopId, itemId }, orderBy: { locationId: "asc" } }),
    listSyncLogForItem(prisma, scope.shopId, itemId, { take: 100 }),
  ]);
  const known = Object.fromEntries(levels.map((l) => [l.locationId, l.knownQuantity]));
  const state = record.state;
  const view = viewItem(scope.prefs, scope.customerPrefs, state, { inventoryItemId: link.inventoryItemId, tracked: link.tracked }, known);
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
    bufferOverride: state.bufferOverride,
    defaultBuffer: scope.customerPrefs.defaultBuffer,
    processOrders: state.processOrders,
    processOrdersSetBy: state.processOrdersSetBy,
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
    lastSyncedAt: iso(link.lastSyncedAt),
    lastError: link.lastError,
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

// ---------------------------------------------------------------------------------------------------
// Changes made on the item page. Each one is validated with zod, authorised by the scope (the item must be
// a matched item of the session's shop), applied, and followed by a sync request so the new decision takes
// effect (the writer decides again at send time).
// ---------------------------------------------------------------------------------------------------

export type FieldErrors = Record<string, string>;

export type ActionResult =
  | { ok: true; message: string; detail?: string }
  | { ok: false; status: number; message: string; fieldErrors?: FieldErrors };

const bufferField = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === "") return null;
    if (!/^\d+$/.test(v)) {
      ctx.addIssue({ code: "custom", message: "Enter a whole number of units (0 or more), or leave empty to use the default." });
      return z.NEVER;
    }
    const n = Number(v);
    if (n > 1_000_000) {
      ctx.addIssue({ code: "custom", message: "A buffer above 1,000,000 units is not allowed." });
      return z.NEVER;
    }
    return n;
  });

export const RulesForm = z.object({
  syncSetting: z.enum(ITEM_SYNC_SETTINGS, { error: "Choose one of the four Sync Inventory options." }),
  bufferOverride: bufferField,
});

export const ProcessOrdersForm = z.object({
  processOrders: z.enum(["on", "off"], { error: "Choose on or off." }),
});

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

const NOT_FOUND: ActionResult = { ok: false, status: 404, message: "This item is not in this store's catalog." };

async function ownItem(prisma: PrismaClient, scope: ConnectedScope, itemId: string): Promise<boolean> {
  const link = await prisma.itemLink.findFirst({
    where: { shopId: scope.shopId, itemId, item: { customerId: scope.customer.id } },
    select: { id: true },
  });
  return link !== null;
}

export async function saveItemRules(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  itemId: string,
  form: Record<string, unknown>,
): Promise<ActionResult> {
  const parsed = RulesForm.safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  if (!(await ownItem(prisma, scope, itemId))) return NOT_FOUND;
  await updateItemSettings(prisma, scope.customer.id, [itemId], {
    syncSetting: parsed.data.syncSetting,
    bufferOverride: parsed.data.bufferOverride,
  });
  const queued = await queueItemSyncs(prisma, queue, scope, [itemId], { trigger: "SETTINGS" });
  const label = SYNC_SETTING_LABELS[parsed.data.syncSetting];
  return {
    ok: true,
    message: `Saved: Sync Inventory is ${label}`,
    detail: queued.writes.length ? "A sync was queued with the new setting." : undefined,
  };
}

export async function setItemProcessOrders(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  itemId: string,
  form: Record<string, unknown>,
  now: () => Date = () => new Date(),
): Promise<ActionResult> {
  const parsed = ProcessOrdersForm.safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  if (!(await ownItem(prisma, scope, itemId))) return NOT_FOUND;
  const on = parsed.data.processOrders === "on";
  // A person's toggle is a command (decision record 0002): applied through the domain core, saved with an
  // optimistic version check, retried once if a warehouse event saved the item meanwhile.
  for (let attempt = 0; attempt < 3; attempt++) {
    const record = await loadItemRecord(prisma, itemId, { customerId: scope.customer.id });
    if (!record) return NOT_FOUND;
    const { item } = applyWarehouseEvent(record.state, { type: "PROCESS_ORDERS_SET", at: now().toISOString(), processOrders: on }, scope.customerPrefs);
    try {
      await saveItemState(prisma, itemId, item, { customerId: scope.customer.id, expectedVersion: record.version });
    } catch (error) {
      if (error instanceof ItemVersionConflictError) continue;
      throw error;
    }
    await queueItemSyncs(prisma, queue, scope, [itemId], { trigger: "SETTINGS" });
    return { ok: true, message: `Process Orders turned ${on ? "on" : "off"}` };
  }
  return { ok: false, status: 409, message: "The item changed while saving. Reload the page and try again." };
}

export async function syncItemNow(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  itemId: string,
): Promise<ActionResult> {
  if (!(await ownItem(prisma, scope, itemId))) return NOT_FOUND;
  const queued = await queueItemSyncs(prisma, queue, scope, [itemId], { trigger: "MANUAL", logSkips: true });
  if (queued.writes.length > 0) {
    const parts = queued.writes.map((w) => `${w.quantity}`).join(", ");
    return { ok: true, message: `Sync queued: writing ${parts} to Shopify`, detail: "The result appears in History in a moment." };
  }
  const skip = queued.skips[0];
  const text = skip ? describeSkipReason(skip.reason) : "Nothing to sync.";
  return { ok: true, message: text, detail: "Nothing was sent to Shopify. The reason is in History." };
}
