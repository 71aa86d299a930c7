// An in-memory WriterStore with the Prisma store's semantics, for benchmarks that measure the writer
// against Shopify's limits without a database in the way. tests/writer/store-contract.test.ts holds it to
// the Prisma store's semantics: sticky SELLOUT, scan order, customer scoping, uninstalled shops.
import type { PendingSyncInput } from "../../app/.server/db/pending-syncs";
import type { CustomerPrefs, ShopPrefs } from "../../app/domain/types";
import {
  pendingKey,
  readPendingPage,
  type PendingPage,
  type CallFailure,
  type DecisionContext,
  type ItemDecisionInput,
  type PendingCursor,
  type PendingRow,
  type RunTotals,
  type SyncOutcome,
  type WriterStore,
} from "../../app/.server/db/writer-store";

export interface SyncLogEntry {
  shopId: string;
  itemId: string;
  locationId: string;
  trigger: string;
  decision: "SYNCED" | "SKIPPED" | "FAILED";
  reason: string;
  quantityBefore: number | null;
  quantityAfter: number | null;
  error: string | null;
  runId: string;
  at: Date;
}

interface Slot {
  row: PendingRow;
  live: boolean;
}

export interface LevelState {
  knownQuantity: number | null;
  writtenQuantity: number | null;
  writtenAt: Date | null;
}

/** An item with the customer (merchant) it belongs to: a shop decides only its own customer's items. */
export type MemoryItem = Omit<ItemDecisionInput, "known"> & { customerId: string };

/** Triggers a later, ordinary trigger must not replace before the writer has sent them (db/pending-syncs.ts). */
const STICKY_TRIGGERS: ReadonlySet<string> = new Set(["SELLOUT"]);

export class MemoryWriterStore implements WriterStore {
  shopPrefs: ShopPrefs | null;
  customer: CustomerPrefs | null;
  /** Set: the shop is uninstalled (its settings kept for a reinstall) and publishes nothing. */
  uninstalledAt: Date | null = null;
  readonly items = new Map<string, MemoryItem>();
  /** inventoryItemId -> locationId -> level */
  readonly levels = new Map<string, Map<string, LevelState>>();
  readonly linkErrors = new Map<string, string | null>(); // itemId -> lastError
  readonly log: SyncLogEntry[] = [];
  readonly runs = new Map<string, { shopId: string; trigger: string; totals?: RunTotals; finishedAt?: Date }>();
  /**
   * Sorted by (itemId, locationId), the Prisma store's scan order (its primary key). A replaced row keeps
   * its slot; deleted rows are only flagged dead and stay in the array (and in `slots`, so a row queued
   * again revives its slot) until the next compaction: splicing a 400k-entry array per change would be
   * quadratic.
   */
  private pending: Slot[] = [];
  /** Live rows by key. */
  private readonly byKey = new Map<string, Slot>();
  /** Every slot still in `pending`, live or dead, by key. */
  private readonly slots = new Map<string, Slot>();
  private dead = 0;
  private runCounter = 0;
  /** Called after each recordOutcomes (benchmarks use it to time visibility). */
  onRecorded?: (outcomes: SyncOutcome[], at: Date) => void;

  constructor(
    readonly shopId: string,
    shop: ShopPrefs | null,
    customer: CustomerPrefs | null,
    private readonly now: () => number = Date.now,
    /** The Whiplash customer the shop is connected to; items of other customers are never decided here. */
    readonly customerId: string = "customer",
  ) {
    this.shopPrefs = shop;
    this.customer = customer;
  }

  /** Same semantics as upsertPendingSyncs: latest wanted quantity wins; force and a SELLOUT trigger are sticky. */
  upsertPending(rows: PendingSyncInput[], at = new Date(this.now())): void {
    for (const r of rows) {
      const key = pendingKey(r);
      const old = this.byKey.get(key)?.row;
      const row: PendingRow = {
        shopId: r.shopId,
        itemId: r.itemId,
        locationId: r.locationId,
        wanted: r.wanted,
        // A sell-out's 0 must still go out before Process Orders goes off (rule 3.4).
        trigger: old && STICKY_TRIGGERS.has(old.trigger) ? old.trigger : r.trigger,
        force: Boolean(r.force) || Boolean(old?.force),
        runId: r.runId ?? old?.runId ?? null,
        attempts: 0,
        enqueuedAt: at,
      };
      const slot = this.slots.get(key);
      if (slot) {
        // Same key, same place in the scan order (the Prisma store updates the row in place).
        slot.row = row;
        if (!slot.live) {
          slot.live = true;
          this.dead--;
        }
        this.byKey.set(key, slot);
        continue;
      }
      const fresh: Slot = { row, live: true };
      this.byKey.set(key, fresh);
      this.slots.set(key, fresh);
      this.insertSorted(fresh);
    }
  }

  pendingCount(): number {
    return this.byKey.size;
  }

  level(inventoryItemId: string, locationId: string): LevelState | undefined {
    return this.levels.get(inventoryItemId)?.get(locationId);
  }

  async nextPending(shopId: string, after: PendingCursor | null, limit: number): Promise<PendingRow[]> {
    if (shopId !== this.shopId) return [];
    let start = 0;
    if (after) {
      let lo = 0;
      let hi = this.pending.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareKey(this.pending[mid].row, after) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const out: PendingRow[] = [];
    for (let i = start; i < this.pending.length && out.length < limit; i++) {
      const slot = this.pending[i];
      if (slot.live) out.push(copyRow(slot.row));
    }
    return out;
  }

  nextPendingPage(shopId: string, after: PendingCursor | null, limit: number): Promise<PendingPage> {
    return readPendingPage(this, shopId, after, limit);
  }

  async recordKnownLevel(_shopId: string, level: { inventoryItemId: string; locationId: string; quantity: number }, at: Date): Promise<void> {
    let byLocation = this.levels.get(level.inventoryItemId);
    if (!byLocation) this.levels.set(level.inventoryItemId, (byLocation = new Map()));
    const prev = byLocation.get(level.locationId);
    byLocation.set(level.locationId, { knownQuantity: level.quantity, writtenQuantity: prev?.writtenQuantity ?? null, writtenAt: prev?.writtenAt ?? (at && null) });
  }

  async forgetKnownLevelsOfPending(): Promise<number> {
    let marked = 0;
    for (const slot of this.pending) {
      if (!slot.live) continue;
      const inventoryItemId = this.items.get(slot.row.itemId)?.link?.inventoryItemId;
      const level = inventoryItemId ? this.levels.get(inventoryItemId)?.get(slot.row.locationId) : undefined;
      if (level && level.knownQuantity !== null) {
        level.knownQuantity = null;
        marked++;
      }
    }
    return marked;
  }

  async loadDecisionContext(_shopId: string, itemIds: string[]): Promise<DecisionContext> {
    const items = new Map<string, ItemDecisionInput>();
    // As the Prisma store: an uninstalled shop has no settings to publish with, an unconnected one no items.
    const shop = this.uninstalledAt ? null : this.shopPrefs;
    if (!shop || !this.customer) return { shop, customer: null, items };
    for (const id of itemIds) {
      const entry = this.items.get(id);
      // Scoped to the shop's customer: a pending row can never publish another merchant's item.
      if (!entry || entry.customerId !== this.customerId) continue;
      const known: Record<string, number | null> = {};
      if (entry.link) {
        for (const [locationId, level] of this.levels.get(entry.link.inventoryItemId) ?? []) known[locationId] = level.knownQuantity;
      }
      items.set(id, { item: entry.item, link: entry.link, known });
    }
    return { shop, customer: this.customer, items };
  }

  async startRun(shopId: string, trigger: string): Promise<string> {
    const id = `run-${++this.runCounter}`;
    this.runs.set(id, { shopId, trigger });
    return id;
  }

  async recordOutcomes(shopId: string, runId: string, outcomes: SyncOutcome[], at: Date): Promise<void> {
    // Object literals, not spreads: this runs for every item of a 400k-item benchmark.
    for (const o of outcomes) {
      const row = o.row;
      const entry: SyncLogEntry = {
        shopId,
        itemId: row.itemId,
        locationId: row.locationId,
        trigger: row.trigger,
        runId: row.runId ?? runId,
        at,
        decision: "SYNCED",
        reason: "",
        quantityBefore: null,
        quantityAfter: o.quantity,
        error: null,
      };
      if (o.kind === "written") {
        entry.reason = o.reason;
        entry.quantityBefore = o.before;
        let byLocation = this.levels.get(o.inventoryItemId);
        if (!byLocation) this.levels.set(o.inventoryItemId, (byLocation = new Map()));
        byLocation.set(row.locationId, { knownQuantity: o.quantity, writtenQuantity: o.quantity, writtenAt: at });
        this.linkErrors.set(row.itemId, null);
      } else if (o.kind === "skipped") {
        entry.decision = "SKIPPED";
        entry.reason = o.reason;
      } else {
        entry.decision = "FAILED";
        entry.reason = o.code;
        entry.error = `${o.code}: ${o.message}`;
        this.linkErrors.set(row.itemId, entry.error);
      }
      this.log.push(entry);
      const key = pendingKey(row);
      const current = this.byKey.get(key);
      // Only if not replaced meanwhile: a newer wanted quantity must still be written.
      if (current && current.row.enqueuedAt.getTime() === row.enqueuedAt.getTime()) {
        this.byKey.delete(key);
        current.live = false;
        this.dead++;
      }
    }
    this.compact();
    this.onRecorded?.(outcomes, at);
  }

  /** Failed Admin call attempts, as the Prisma store logs them (CALL_FAILED rows without an item). */
  readonly callFailures: (CallFailure & { shopId: string; runId: string; at: Date })[] = [];

  async recordCallFailure(shopId: string, runId: string, failure: CallFailure, at: Date): Promise<void> {
    this.callFailures.push({ ...failure, shopId, runId, at });
  }

  async finishRun(runId: string, totals: RunTotals, at: Date): Promise<void> {
    const run = this.runs.get(runId);
    if (run) Object.assign(run, { totals, finishedAt: at });
  }

  private insertSorted(slot: Slot): void {
    const list = this.pending;
    // Fast path: rows are usually queued in key order the first time (item ids of an import or a bench).
    if (list.length === 0 || compareKey(list[list.length - 1].row, slot.row) <= 0) {
      list.push(slot);
      return;
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKey(list[mid].row, slot.row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, slot);
  }

  /** Drops dead rows once they are a quarter of the array (amortised O(1) per deletion). */
  private compact(): void {
    if (this.dead < 1000 || this.dead < this.pending.length / 4) return;
    this.pending = this.pending.filter((slot) => slot.live);
    this.slots.clear();
    for (const slot of this.pending) this.slots.set(pendingKey(slot.row), slot);
    this.dead = 0;
  }
}

/** The Prisma store's scan order: (itemId, locationId), its primary key within a shop; enqueuedAt plays no part. */
function compareKey(a: { itemId: string; locationId: string }, b: { itemId: string; locationId: string }): number {
  if (a.itemId !== b.itemId) return a.itemId < b.itemId ? -1 : 1;
  if (a.locationId !== b.locationId) return a.locationId < b.locationId ? -1 : 1;
  return 0;
}

function copyRow(r: PendingRow): PendingRow {
  return {
    shopId: r.shopId,
    itemId: r.itemId,
    locationId: r.locationId,
    wanted: r.wanted,
    trigger: r.trigger,
    force: r.force,
    runId: r.runId,
    attempts: r.attempts,
    enqueuedAt: r.enqueuedAt,
  };
}
