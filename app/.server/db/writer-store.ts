// What the shop writer (sync/writer/shop-writer.ts) needs from storage, as an interface: the Prisma implementation
// (db/prisma-writer-store.ts) for the app, an in-memory one (tests/support/memory-writer-store.ts) for benches,
// held to the same semantics by tests/writer/store-contract.test.ts.
import type { PendingSyncRow } from "./pending-syncs";
import type { CustomerPrefs, ItemLinkState, ItemState, ShopPrefs, SkipReason, SyncReason } from "../../domain/types";

export type PendingRow = PendingSyncRow;

/**
 * Position in a shop's pending set: the last row returned. Stores scan in (itemId, locationId) order
 * (enqueuedAt plays no part); rows added or replaced behind the cursor are seen on the next pass.
 */
export interface PendingCursor {
  enqueuedAt: Date;
  itemId: string;
  locationId: string;
}

export interface ItemDecisionInput {
  item: ItemState;
  /** The item's variant in this shop (null: unmatched). */
  link: ItemLinkState | null;
  /** What we last knew Shopify shows, by location id (missing/null: unknown). */
  known: Record<string, number | null>;
}

/** Everything the domain core needs to decide a batch of pending syncs, loaded at send time. */
export interface DecisionContext {
  /** null: the shop is gone (uninstalled and erased). */
  shop: ShopPrefs | null;
  /** null: the shop is not connected to a Whiplash customer. */
  customer: CustomerPrefs | null;
  items: Map<string, ItemDecisionInput>;
}

export type SyncOutcome =
  | { kind: "written"; row: PendingRow; inventoryItemId: string; quantity: number; before: number | null; reason: SyncReason }
  | { kind: "skipped"; row: PendingRow; reason: SkipReason; quantity: number | null }
  | {
      kind: "failed";
      row: PendingRow;
      inventoryItemId: string | null;
      quantity: number | null;
      /** Shopify userError code (e.g. INVALID_INVENTORY_ITEM) or our PermanentError kind. */
      code: string;
      message: string;
    };

export interface RunTotals {
  written: number;
  skipped: number;
  failed: number;
}

/** One failed attempt of an Admin call the writer made (the client may have retried it successfully). */
export interface CallFailure {
  /** The run's trigger, stored on the log row. */
  trigger: string;
  operationName: string;
  /** RetriableError / PermanentError kind: HTTP_5XX, TIMEOUT, THROTTLED, NETWORK, UNAUTHORIZED ... */
  kind: string;
  message: string;
  attempt: number;
  maxAttempts: number;
  willRetry: boolean;
}

/** The sync log text of a failed call attempt: what failed, which attempt, and what happens next. */
export function describeCallFailure(f: CallFailure): string {
  const next = f.willRetry ? "retried" : "not retried: its rows stay pending for the next run";
  return `${f.operationName} attempt ${f.attempt} of ${f.maxAttempts}: ${f.message} (${next})`;
}

export interface WriterStore {
  /** Pending rows of the shop strictly after `after` in the store's scan order. */
  nextPending(shopId: string, after: PendingCursor | null, limit: number): Promise<PendingRow[]>;
  loadDecisionContext(shopId: string, itemIds: string[]): Promise<DecisionContext>;
  /**
   * nextPending and loadDecisionContext of the page's items in one go: what the writer reads for every
   * page of a pass. A store may do it in one statement (PostgreSQL does: one round trip, the page's ids
   * never leave the server); readPendingPage composes the two for a store that does not.
   */
  nextPendingPage(shopId: string, after: PendingCursor | null, limit: number): Promise<PendingPage>;
  /** Creates the SyncRun row; its id names the run in Shopify's inventory history. */
  startRun(shopId: string, trigger: string): Promise<string>;
  /**
   * Records what happened, in one go per batch: a sync log entry per outcome; for writes the known and
   * written ShopifyLevel (its writtenAt is the item's last sync) and clearing the item's last error; for
   * failures the item's last error (a failure wins over a success of the same item in the batch). The
   * item's link itself is not touched. Then deletes the handled pending rows, except those replaced
   * meanwhile (newer enqueuedAt).
   */
  recordOutcomes(shopId: string, runId: string, outcomes: SyncOutcome[], at: Date): Promise<void>;
  finishRun(runId: string, totals: RunTotals, at: Date): Promise<void>;
  /**
   * Records a failed Admin call attempt as one sync log row of the shop (decision CALL_FAILED, no item):
   * one row per failed attempt, never per item, so retried faults stay visible at little cost.
   */
  recordCallFailure(shopId: string, runId: string, failure: CallFailure, at: Date): Promise<void>;
  /**
   * Stores a level read from Shopify as what we know it shows (after CHANGE_FROM_QUANTITY_STALE), so the
   * next write compares with it. Optional: a store without it re-reads on the next refusal instead.
   */
  recordKnownLevel?(shopId: string, level: { inventoryItemId: string; locationId: string; quantity: number }, at: Date): Promise<void>;
  /**
   * Marks what we know Shopify shows as unknown for the levels of the shop's pending rows (a writer that
   * took over a crashed one's lease: that writer's last calls may have landed unrecorded). Their next
   * write then goes out whatever we knew. Returns how many levels it marked.
   */
  forgetKnownLevelsOfPending(shopId: string): Promise<number>;
}

/** A page of pending rows with the decision context of their items. */
export interface PendingPage {
  rows: PendingRow[];
  context: DecisionContext;
}

/** nextPendingPage as its two reads, one after the other. */
export async function readPendingPage(store: Pick<WriterStore, "nextPending" | "loadDecisionContext">, shopId: string, after: PendingCursor | null, limit: number): Promise<PendingPage> {
  const rows = await store.nextPending(shopId, after, limit);
  return { rows, context: await store.loadDecisionContext(shopId, [...new Set(rows.map((r) => r.itemId))]) };
}

export function pendingKey(row: { itemId: string; locationId: string }): string {
  return `${row.itemId}\u0000${row.locationId}`;
}

export function cursorAfter(row: PendingRow): PendingCursor {
  return { enqueuedAt: row.enqueuedAt, itemId: row.itemId, locationId: row.locationId };
}
