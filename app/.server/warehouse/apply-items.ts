// Step 2 of applying a batch of Whiplash events: per item, every event of the batch in order through
// the domain core (applyWarehouseEvent), one save per item, and the sync trigger the result calls for.
import { applyWarehouseEvent, sameItem, type CustomerPrefs, type ItemState, type SyncTrigger, type WarehouseEvent } from "../../domain";
import { replayTrigger, type ChangedItem } from "../sync/fan-out";
import type { ItemEvents } from "./apply-mapping";
import { ItemVersionConflictError } from "../db/items";
import type { ItemStore } from "./apply-item-store";
import type { AppliedDetail, Batch, BatchItems, Work } from "./apply-batch";

interface ItemGroup {
  customerId: string;
  whiplashItemId: number;
  entries: Array<{ work: Work; entry: ItemEvents }>;
}

export interface AppliedItems {
  /** customer -> items whose syncs are to be queued */
  toQueue: Map<string, ChangedItem[]>;
  /** How many distinct items the batch touched (for the log line). */
  itemCount: number;
}

/**
 * Re-reads an item from Whiplash as `reread` events (apply-mapping.ts rereadEvents), for a tie: two events
 * with the same time and different content.
 */
export type Reread = (customerId: string, whiplashItemId: number, current: ItemState, what: { lines: boolean }) => Promise<WarehouseEvent[]>;

/**
 * A failure on one item (e.g. saved by someone else meanwhile, or Whiplash unreachable for a re-read)
 * marks every event touching it as failed, so they are all tried again later (nothing was saved).
 */
export async function applyPerItem(batch: Batch, work: Work[], items: BatchItems, store: ItemStore, reread: Reread): Promise<AppliedItems> {
  const byItem = groupByItem(work);
  const toQueue = new Map<string, ChangedItem[]>();
  for (const group of byItem.values()) {
    const prefs = batch.customers.get(group.customerId)!.prefs;
    try {
      const changed = await applyGroupRetryingConflicts(group, prefs, items, store, reread);
      if (changed) toQueue.set(group.customerId, [...(toQueue.get(group.customerId) ?? []), changed]);
    } catch (error) {
      for (const { work: w } of group.entries) w.failed ??= error;
    }
  }
  return { toQueue, itemCount: byItem.size };
}

/** Attempts per item when another worker saves it between our load and our save. */
const CONFLICT_ATTEMPTS = 4;

/**
 * Another worker saved the item between our load and our save (several workers, or a batch retried while
 * its first attempt still runs): reload it and apply the same events again, here, instead of failing the
 * whole job and spending its retries (a hot item could otherwise exhaust them and its events end FAILED).
 */
async function applyGroupRetryingConflicts(group: ItemGroup, prefs: CustomerPrefs, items: BatchItems, store: ItemStore, reread: Reread): Promise<ChangedItem | null> {
  const detailLengths = group.entries.map(({ work }) => work.detail.items.length);
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyGroup(group, prefs, items, store, reread);
    } catch (error) {
      if (!(error instanceof ItemVersionConflictError) || attempt >= CONFLICT_ATTEMPTS) throw error;
      group.entries.forEach(({ work }, i) => (work.detail.items.length = detailLengths[i]));
      const fresh = await store.load(group.customerId, group.whiplashItemId);
      if (fresh) items.remember(group.customerId, group.whiplashItemId, fresh);
    }
  }
}

function groupByItem(work: Work[]): Map<string, ItemGroup> {
  const byItem = new Map<string, ItemGroup>();
  for (const w of work) {
    for (const entry of w.perItem) {
      const k = `${w.customerId}:${entry.whiplashItemId}`;
      const group = byItem.get(k) ?? { customerId: w.customerId, whiplashItemId: entry.whiplashItemId, entries: [] };
      group.entries.push({ work: w, entry });
      byItem.set(k, group);
    }
  }
  return byItem;
}

/**
 * Applies one item's events in order and saves it once; returns the sync to queue, if any. A tie (two events
 * at the same time with different content) is settled by re-reading the item from Whiplash before the save.
 */
async function applyGroup(group: ItemGroup, prefs: CustomerPrefs, items: BatchItems, store: ItemStore, reread: Reread): Promise<ChangedItem | null> {
  const first = group.entries[0].entry;
  const record =
    (await items.store.load(group.customerId, group.whiplashItemId)) ??
    (await store.create(group.customerId, { whiplashItemId: group.whiplashItemId, sku: first.sku ?? "", title: first.title ?? undefined }));
  let state = record.state;
  let applied = false;
  let sellout = false;
  let replayed = false;
  const ties = { item: false, lines: false };
  const tied: AppliedDetail["items"] = [];
  for (const { work: w, entry } of group.entries) {
    const r = applyEntry(state, entry, prefs);
    state = r.state;
    applied ||= r.applied;
    sellout ||= r.sellout;
    replayed ||= w.replay;
    ties.item ||= r.ties.item;
    ties.lines ||= r.ties.lines;
    const detail: AppliedDetail["items"][number] = {
      whiplashItemId: group.whiplashItemId,
      itemId: record.id,
      outcome: r.applied ? "APPLIED" : "STALE",
      sellout: r.sellout,
      ...(r.processOrders === undefined ? {} : { processOrders: r.processOrders }),
    };
    if (r.ties.item || r.ties.lines) tied.push(detail);
    w.detail.items.push(detail);
  }
  if (tied.length) {
    const events = await reread(group.customerId, group.whiplashItemId, state, { lines: ties.lines });
    const r = applyEntry(state, { ...group.entries[0].entry, events }, prefs);
    state = r.state;
    applied ||= r.applied;
    sellout ||= r.sellout;
    // The tied events led to the change the re-read brought.
    for (const d of tied) {
      d.tie = true;
      if (r.applied) d.outcome = "APPLIED";
    }
  }
  const changed = !sameItem(record.state, state);
  if (changed) {
    const version = await store.save(group.customerId, record, state);
    items.remember(group.customerId, group.whiplashItemId, { ...record, version, state });
  }
  // A STALE event may still change the item: grow-only facts and Process Orders automation have versions
  // of their own (a receipt delivered after a newer stock event switches Process Orders on while its
  // quantities are ignored). Whatever changed the saved item may change what Shopify should show, so it
  // is queued like a replay, from the saved state.
  const trigger: SyncTrigger | null = applied ? (sellout ? "SELLOUT" : "WEBHOOK") : replayed || changed ? replayTrigger(state) : null;
  return trigger ? { itemId: record.id, state, trigger } : null;
}

function applyEntry(state: ItemState, entry: ItemEvents, prefs: CustomerPrefs) {
  let applied = false;
  let sellout = false;
  let processOrders: boolean | undefined;
  const ties = { item: false, lines: false };
  for (const warehouseEvent of entry.events) {
    const r = applyWarehouseEvent(state, warehouseEvent, prefs);
    state = r.item;
    applied ||= r.outcome === "APPLIED";
    sellout ||= r.sellout;
    if (r.processOrdersChange) processOrders = r.processOrdersChange.to;
    if (r.tie && warehouseEvent.type === "SHIP_NOTICE_LINE_UPDATED") ties.lines = true;
    else if (r.tie) ties.item = true;
  }
  return { state, applied, sellout, processOrders, ties };
}
