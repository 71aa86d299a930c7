// The shop writer: drains one shop's pending syncs into Shopify, as fast as the shop's rate limit allows.
//
// - Exactly one writer per shop, across processes: it runs only while holding the lease
//   "shop-writer:<shop>" (renewed while it runs; it stops starting calls the moment the lease is in doubt,
//   and abandons the calls in flight with their retries: a late retry must not land an older quantity
//   over the one a newer writer has set meanwhile).
// - Each pending sync is re-decided at send time by the domain core (evaluate-pending.ts).
// - Writes go out as inventorySetQuantities calls of up to 250 quantities (fewer if Shopify's measured
//   cost says so), each with its own idempotency key (kept for retries of that same call), at most
//   `maxInFlight` at a time so high latency does not leave the budget unused.
// - The budget is reserved before rows are taken, so rows pile up into full batches while the writer
//   waits for points; a partial batch is sent at once only while the bucket is comfortably full.
// - Pending rows are deleted only after their outcome is recorded (and only if not replaced meanwhile),
//   so a crash or restart resumes where it stopped.
import { randomUUID } from "node:crypto";
import type { AttemptFailure, ThrottledAdminClient } from "../../shopify/admin-client";
import { systemClock, type Clock } from "../../shopify/clock";
import type { CostBudget, Ticket } from "../../shopify/cost-budget";
import { AdminApiError, PermanentError } from "../../shopify/errors";
import { operationNameOf } from "../../shopify/graphql-response";
import {
  INVENTORY_ACTIVATE_MUTATION,
  type InventoryActivateData,
} from "../../shopify/operations/inventory-activate";
import {
  availableOf,
  INVENTORY_LEVEL_READ_QUERY,
  type InventoryLevelReadData,
} from "../../shopify/operations/inventory-level-read";
import {
  INVENTORY_SET_QUANTITIES_MUTATION,
  type InventorySetQuantitiesData,
} from "../../shopify/operations/inventory-set-quantities";
import type { LeaseStore } from "../../db/leases";
import type { Logger } from "../../logger";
import { evaluatePending, type WriteEntry } from "./evaluate-pending";
import { setQuantitiesInput } from "./inventory-input";
import { LeaseKeeper } from "./lease-keeper";
import { interpretSetQuantities } from "./set-quantities-result";
import { DEFAULT_WRITER_SETTINGS, type WriterSettings } from "./writer-settings";
import {
  cursorAfter,
  pendingKey,
  type DecisionContext,
  type PendingCursor,
  type PendingRow,
  type RunTotals,
  type SyncOutcome,
  type WriterStore,
} from "../../db/writer-store";

const SET_OPERATION = operationNameOf(INVENTORY_SET_QUANTITIES_MUTATION);

export interface ShopWriterDeps {
  shop: string;
  client: ThrottledAdminClient;
  /** The same per-shop budget the client draws on. */
  budget: CostBudget;
  store: WriterStore;
  leases: LeaseStore;
  /** This process's lease owner id (see newLeaseOwner). */
  owner: string;
  clock?: Clock;
  settings?: Partial<WriterSettings>;
  logger?: Logger;
  /** Idempotency keys; one per distinct call. */
  newKey?: () => string;
  /** What started this run (stored on the SyncRun). */
  trigger?: string;
  /** Aborting stops taking new rows; calls in flight finish and are recorded. */
  signal?: AbortSignal;
}

export interface ShopWriterResult extends RunTotals {
  /** completed: drained and idle for lingerMs; busy: another writer holds the shop; lease-lost / stopped: ended early. */
  status: "completed" | "busy" | "lease-lost" | "stopped";
  runId: string | null;
  calls: number;
  quantitiesSent: number;
  activations: number;
  /** Failed Admin call attempts (each recorded in the sync log), including those a retry made good. */
  callFailures: number;
  /** Entries refused as CHANGE_FROM_QUANTITY_STALE, each followed by a re-read of its level (rule 3.9). */
  staleRereads: number;
}

export function writerLeaseName(shop: string): string {
  return `shop-writer:${shop}`;
}

export async function runShopWriter(deps: ShopWriterDeps): Promise<ShopWriterResult> {
  const settings = { ...DEFAULT_WRITER_SETTINGS, ...deps.settings };
  const clock = deps.clock ?? systemClock;
  const keeper = new LeaseKeeper(deps.leases, writerLeaseName(deps.shop), deps.owner, settings.leaseTtlMs, clock);
  if (!(await keeper.acquire())) {
    return { status: "busy", runId: null, written: 0, skipped: 0, failed: 0, calls: 0, quantitiesSent: 0, activations: 0, callFailures: 0, staleRereads: 0 };
  }
  let run: WriterRun | undefined;
  try {
    if (keeper.tookOverFrom !== null) {
      // The last holder never released the shop: it crashed or lost its lease with calls in flight. A call
      // Shopify applied but nobody recorded leaves our known level one write behind, and a row whose
      // quantity went back to that level would be skipped as "already shown". Its rows are still pending.
      const levels = await deps.store.forgetKnownLevelsOfPending(deps.shop);
      deps.logger?.warn("shop writer took over an unreleased lease: known levels of pending rows set to unknown", { shop: deps.shop, previous: keeper.tookOverFrom, levels });
    }
    const runId = await deps.store.startRun(deps.shop, deps.trigger ?? "PENDING");
    run = new WriterRun(deps, settings, clock, keeper, runId);
    try {
      await run.drain();
    } catch (error) {
      // A refused call left its rows pending for the next run. If none are left (an uninstall cancelled
      // them meanwhile), there is nothing to retry: the run simply ends.
      if (!(error instanceof AdminApiError) || (await deps.store.nextPending(deps.shop, null, 1)).length > 0) throw error;
    }
    return run.result();
  } finally {
    if (run) await deps.store.finishRun(run.runId, run.totals, new Date(clock.now()));
    await keeper.release();
  }
}

class WriterRun {
  readonly totals: RunTotals = { written: 0, skipped: 0, failed: 0 };
  private calls = 0;
  private quantitiesSent = 0;
  private activations = 0;
  private callFailures = 0;
  private staleRereads = 0;
  private cursor: PendingCursor | null = null;
  /** A row was passed over because an older version of it was busy: scan from the start again later. */
  private rescan = false;
  /** Entries taken from the pending set (or retried) and not yet recorded; their rows must not be taken twice. */
  private readonly busy = new Set<string>();
  private readonly retryQueue: WriteEntry[] = [];
  /** Pages read and being decided ahead of the batch (at most settings.pagesAhead), in cursor order. */
  private readonly ahead: Promise<PreparedPage>[] = [];
  /** Every page still being prepared, awaited before the run ends (its skips are recorded by then). */
  private readonly preparing = new Set<Promise<void>>();
  /** The page reads, chained: each starts from the cursor the previous one left. */
  private reads: Promise<unknown> = Promise.resolve();
  private lastPageFull = false;
  private batch: WriteEntry[] = [];
  private batchSince: number | null = null;
  /** Calls to Shopify in flight (at most maxInFlight). */
  private readonly inFlight = new Set<Promise<void>>();
  /** Outcomes being stored; recording does not hold a call slot. */
  private readonly recordings = new Set<Promise<void>>();
  private fatal: unknown;
  private stopReason: ShopWriterResult["status"] = "completed";
  private readonly shop: string;
  private readonly newKey: () => string;

  constructor(
    private readonly deps: ShopWriterDeps,
    private readonly settings: WriterSettings,
    private readonly clock: Clock,
    private readonly keeper: LeaseKeeper,
    readonly runId: string,
  ) {
    this.shop = deps.shop;
    this.newKey = deps.newKey ?? randomUUID;
  }

  result(): ShopWriterResult {
    return {
      status: this.stopReason,
      runId: this.runId,
      ...this.totals,
      calls: this.calls,
      quantitiesSent: this.quantitiesSent,
      activations: this.activations,
      callFailures: this.callFailures,
      staleRereads: this.staleRereads,
    };
  }

  async drain(): Promise<void> {
    let idleSince: number | null = null;
    try {
      for (;;) {
        if (this.fatal) break;
        if (!this.keeper.held()) {
          this.stopReason = "lease-lost";
          break;
        }
        if (this.deps.signal?.aborted) {
          this.stopReason = "stopped";
          break;
        }
        // The next batch is prepared (rows read and re-decided) while the calls in flight are out, so a
        // freed slot is refilled at once: at 100 ms per call that work would otherwise add to every round.
        const limit = this.batchLimit();
        if (this.batch.length < limit) {
          // Answers that already arrived go first: their slots are refilled before we spend time reading rows.
          if (this.inFlight.size > 0) await new Promise<void>((resolve) => setImmediate(resolve));
          await this.fill(limit);
        }

        if (this.batch.length === 0) {
          const outstanding = [...this.inFlight, ...this.recordings];
          if (outstanding.length > 0) {
            // Results may bring retries, and free rows we passed over.
            await Promise.race(outstanding);
            if (this.rescan) this.restartScan();
            continue;
          }
          if (this.cursor !== null) {
            // End of a pass: one more from the start catches rows enqueued "behind" the cursor.
            this.restartScan();
            continue;
          }
          idleSince ??= this.clock.now();
          if (this.clock.now() - idleSince >= this.settings.lingerMs) break;
          await this.clock.sleep(this.settings.pollMs);
          continue;
        }
        idleSince = null;

        // Until Shopify has priced one call we do not know how many quantities fit under 1000 points:
        // send one probe and wait for its cost before filling the pipeline.
        const probing = !this.deps.client.calibration.hasObservations(SET_OPERATION) && this.inFlight.size > 0;
        if (probing || this.inFlight.size >= this.settings.maxInFlight) {
          await Promise.race(this.inFlight);
          continue;
        }
        if (this.batch.length < limit && this.shouldHold()) {
          await this.clock.sleep(Math.min(this.settings.pollMs, this.settings.maxHoldMs));
          continue;
        }
        await this.dispatch(limit);
      }
    } finally {
      while (this.inFlight.size > 0 || this.recordings.size > 0 || this.preparing.size > 0) {
        await Promise.allSettled([...this.inFlight, ...this.recordings, ...this.preparing]);
      }
    }
    if (this.fatal) throw this.fatal;
  }

  private restartScan(): void {
    this.cursor = null;
    this.lastPageFull = false;
    this.rescan = false;
  }

  /** Largest batch whose requested cost stays under the per-call limit, from measured costs. */
  private batchLimit(): number {
    return Math.min(
      this.settings.maxQuantitiesPerCall,
      this.deps.client.calibration.maxBatchSize(SET_OPERATION, this.settings.maxQuantitiesPerCall, this.settings.costLimitPerCall),
    );
  }

  private callCost(size: number): number {
    return this.deps.client.estimateCost(INVENTORY_SET_QUANTITIES_MUTATION, size);
  }

  /** Hold a partial batch (to fill it) when sending it now would dip into the bucket a burst may need. */
  private shouldHold(): boolean {
    if (this.batchSince !== null && this.clock.now() - this.batchSince >= this.settings.maxHoldMs) return false;
    const { maximumAvailable } = this.deps.budget.snapshot();
    const after = this.deps.budget.available() - this.callCost(this.batch.length);
    return after < this.settings.partialBatchReserve * maximumAvailable;
  }

  /** Tops the batch up to `limit`: retries first, then pending rows (re-decided now; skips recorded). */
  private async fill(limit: number): Promise<void> {
    while (this.batch.length < limit) {
      const retry = this.retryQueue.shift();
      if (retry) {
        this.add(retry);
        continue;
      }
      const next = this.ahead.shift() ?? this.preparePage(limit - this.batch.length);
      this.readAhead(limit);
      const page = await next;
      this.readAhead(limit);
      if (page.rows === 0) return;
      for (const w of page.writes) this.add(w);
    }
  }

  /**
   * While a big pass is under way (the last page read came back full), the next page is read and decided
   * while this batch goes out: page by page, a freed call slot waited for a whole read-and-decide round,
   * and on a busy machine that, not Shopify's budget, set the pace.
   */
  private readAhead(limit: number): void {
    if (this.lastPageFull && this.ahead.length < this.settings.pagesAhead) this.ahead.push(this.preparePage(limit * this.settings.batchesPerPage));
  }

  /**
   * Reads the next page of pending rows with its decision context (pages are read one after another, in
   * cursor order) and decides its fresh rows. Skips are recorded here.
   */
  private preparePage(limit: number): Promise<PreparedPage> {
    const read = this.reads.then(() => this.readPage(limit));
    this.reads = read.catch(() => {});
    const page = read.then(({ rows, fresh, context }): PreparedPage => {
      if (fresh.length === 0) return { rows, writes: [] };
      const { writes, settled } = evaluatePending(fresh, context);
      if (settled.length > 0) this.recordLater(settled);
      return { rows, writes };
    });
    // Handled now (awaited later, or at the end of the run): a page read ahead and never awaited must not
    // become an unhandled rejection; `await` still throws its error.
    const handled = page.then(
      () => {},
      () => {},
    );
    this.preparing.add(handled);
    void handled.finally(() => this.preparing.delete(handled));
    return page;
  }

  /** The next page after the cursor with its items' decision context; rows already busy are left out. */
  private async readPage(limit: number): Promise<{ rows: number; fresh: PendingRow[]; context: DecisionContext }> {
    const { rows, context } = await this.deps.store.nextPendingPage(this.shop, this.cursor, limit);
    this.lastPageFull = rows.length === limit;
    if (rows.length > 0) this.cursor = cursorAfter(rows[rows.length - 1]);
    const fresh = rows.filter((r) => !this.busy.has(pendingKey(r)));
    if (fresh.length < rows.length) this.rescan = true;
    for (const r of fresh) this.busy.add(pendingKey(r));
    return { rows: rows.length, fresh, context };
  }

  private add(entry: WriteEntry): void {
    this.batch.push(entry);
    this.batchSince ??= this.clock.now();
  }

  private async dispatch(limit: number): Promise<void> {
    // A batch prepared before the first call was priced may be larger than what fits now.
    if (this.batch.length > limit) this.retryQueue.unshift(...this.batch.splice(limit));
    let ticket: Ticket | undefined;
    const stopOrLoss = this.deps.signal ? AbortSignal.any([this.deps.signal, this.keeper.signal]) : this.keeper.signal;
    try {
      ticket = await this.deps.budget.reserve(this.callCost(this.batch.length), "background", stopOrLoss);
    } catch (error) {
      if (stopOrLoss.aborted) return; // stopping or lease lost while waiting for points: the loop ends the run
      throw error;
    }
    // Rows kept arriving while we waited for points: send them in this call too.
    if (this.batch.length < limit) {
      await this.fill(limit);
      this.deps.budget.adjust(ticket, this.callCost(this.batch.length));
    }
    if (!this.keeper.held()) {
      this.deps.budget.cancel(ticket);
      ticket = undefined;
      return; // the loop notices and stops
    }
    const { call, deferred } = uniquePairs(this.batch);
    this.retryQueue.unshift(...deferred);
    this.batch = [];
    this.batchSince = null;
    const promise: Promise<void> = this.send(call, ticket)
      .catch((error) => {
        this.fatal ??= error;
      })
      .finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
  }

  private async send(entries: WriteEntry[], ticket: Ticket | undefined): Promise<void> {
    const key = this.newKey(); // one key per distinct call; the client's retries of it reuse it
    const input = setQuantitiesInput(this.runId, entries);
    this.calls++;
    this.quantitiesSent += entries.length;
    for (let attempt = 0; ; attempt++) {
      let data: InventorySetQuantitiesData;
      try {
        ({ data } = await this.deps.client.request<InventorySetQuantitiesData>(INVENTORY_SET_QUANTITIES_MUTATION, {
          variables: { input, key },
          size: entries.length,
          ticket,
          signal: this.keeper.signal,
          onAttemptFailed: this.onAttemptFailed,
        }));
      } catch (error) {
        // Lease lost: the call and its retries were abandoned. Its rows stay pending for whoever holds
        // the shop now (the loop ends the run); this is not a failure of the call.
        if (this.keeper.signal.aborted) return;
        if (error instanceof PermanentError && error.kind === "MAX_COST_EXCEEDED" && entries.length > 1) {
          // Shopify priced the call above 1000 points; calibration now knows, send it as two calls.
          const half = Math.ceil(entries.length / 2);
          this.retryQueue.push(...entries.slice(0, half), ...entries.slice(half));
          return;
        }
        // Anything else that failed the whole call (retries exhausted, 401/402/403/423, a body that is not
        // JSON, GraphQL errors) says nothing about these items: stop the run and leave every row pending
        // for the next run. Only per-item userErrors (interpretSetQuantities) fail an item.
        throw error;
      }
      ticket = undefined;
      const outcome = interpretSetQuantities(entries, data);
      if (outcome.retrySameCall && attempt < this.settings.concurrentRequestRetries) {
        try {
          await this.clock.sleep(250 * 2 ** attempt, this.keeper.signal);
        } catch {
          return; // lease lost while waiting: nothing of this call was applied, its rows stay pending
        }
        continue;
      }
      if (outcome.retrySameCall) outcome.resend.push(...entries);
      const settled: SyncOutcome[] = [
        ...outcome.written.map((e) => writtenOutcome(e)),
        ...outcome.failed.map((f) => failedOutcome(f.entry, f.code, f.message)),
      ];
      if (settled.length > 0) this.recordLater(settled);
      this.retryQueue.push(...outcome.resend);
      for (const entry of outcome.activate) await this.activateThenRetry(entry);
      for (const entry of outcome.stale) await this.rereadThenRetry(entry);
      return;
    }
  }

  /** ITEM_NOT_STOCKED_AT_LOCATION: stock the item at the location, then write it again (once). */
  private async activateThenRetry(entry: WriteEntry): Promise<void> {
    this.activations++;
    // A failed call throws and stops the run, as for the write itself: it is not a verdict on this item.
    let data: InventoryActivateData;
    try {
      ({ data } = await this.deps.client.request<InventoryActivateData>(INVENTORY_ACTIVATE_MUTATION, {
        variables: { inventoryItemId: entry.inventoryItemId, locationId: entry.locationId, key: this.newKey() },
        signal: this.keeper.signal,
        onAttemptFailed: this.onAttemptFailed,
      }));
    } catch (error) {
      if (this.keeper.signal.aborted) return; // lease lost: the row stays pending for the next holder
      throw error;
    }
    const result = data.inventoryActivate;
    if (!result?.inventoryLevel) {
      const message = result?.userErrors.map((e) => e.message).join("; ") || "inventoryActivate returned no level";
      this.recordLater([failedOutcome(entry, "ACTIVATE_FAILED", message)]);
      return;
    }
    this.retryQueue.push({ ...entry, activated: true });
  }

  /**
   * CHANGE_FROM_QUANTITY_STALE (rule 3.9): Shopify's level moved since we last knew it (a customer's order,
   * a merchant's edit). Read that level, store it as known, re-decide the item now (units in flight may
   * have changed too) and retry this entry alone; the rest of its call was already resent or recorded.
   */
  private async rereadThenRetry(entry: WriteEntry): Promise<void> {
    const retries = (entry.staleRetries ?? 0) + 1;
    if (retries > this.settings.staleRetries) {
      const message = `Shopify's quantity kept changing while we wrote (${this.settings.staleRetries} re-reads); the item's next sync tries again`;
      this.recordLater([failedOutcome(entry, "CHANGE_FROM_QUANTITY_STALE", message)]);
      return;
    }
    this.staleRereads++;
    let data: InventoryLevelReadData;
    try {
      ({ data } = await this.deps.client.request<InventoryLevelReadData>(INVENTORY_LEVEL_READ_QUERY, {
        variables: { inventoryItemId: entry.inventoryItemId, locationId: entry.locationId },
        signal: this.keeper.signal,
        onAttemptFailed: this.onAttemptFailed,
      }));
    } catch (error) {
      if (this.keeper.signal.aborted) return; // lease lost: the row stays pending for the next holder
      throw error;
    }
    const level = availableOf(data);
    const at = new Date(this.clock.now());
    if (level !== null) await this.deps.store.recordKnownLevel?.(this.shop, { inventoryItemId: entry.inventoryItemId, locationId: entry.locationId, quantity: level }, at);
    const context = await this.deps.store.loadDecisionContext(this.shop, [entry.row.itemId]);
    const input = context.items.get(entry.row.itemId);
    if (input) input.known = { ...input.known, [entry.locationId]: level };
    const { writes, settled } = evaluatePending([entry.row], context);
    if (settled.length > 0) this.recordLater(settled);
    for (const w of writes) this.retryQueue.push({ ...w, activated: entry.activated, staleRetries: retries });
  }

  /**
   * Every failed attempt of our Admin calls goes to the sync log, even when the client's retry then
   * succeeds: without it 5xx, timeouts and THROTTLED answers were absorbed and left no trace. Stored
   * like outcomes (not holding the call) and awaited before the run ends.
   */
  private readonly onAttemptFailed = (failure: AttemptFailure): void => {
    this.callFailures++;
    const promise: Promise<void> = this.deps.store
      .recordCallFailure(
        this.shop,
        this.runId,
        {
          trigger: this.deps.trigger ?? "PENDING",
          operationName: failure.operationName,
          kind: failure.error.kind,
          message: failure.error.message,
          attempt: failure.attempt,
          maxAttempts: failure.maxAttempts,
          willRetry: failure.willRetry,
        },
        new Date(this.clock.now()),
      )
      .catch((error) => {
        this.fatal ??= error;
      })
      .finally(() => this.recordings.delete(promise));
    this.recordings.add(promise);
  };

  /** Stores outcomes without holding the call's slot; a storage failure stops the run. */
  private recordLater(outcomes: SyncOutcome[]): void {
    // Started on the next turn of the event loop, so the freed call slot is refilled before this work runs.
    const promise: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.record(outcomes))
      .catch((error) => {
        this.fatal ??= error;
      })
      .finally(() => this.recordings.delete(promise));
    this.recordings.add(promise);
  }

  private async record(outcomes: SyncOutcome[]): Promise<void> {
    await this.deps.store.recordOutcomes(this.shop, this.runId, outcomes, new Date(this.clock.now()));
    for (const o of outcomes) {
      this.busy.delete(pendingKey(o.row));
      if (o.kind === "written") this.totals.written++;
      else if (o.kind === "skipped") this.totals.skipped++;
      else this.totals.failed++;
    }
    const failures = outcomes.filter((o) => o.kind === "failed");
    if (failures.length > 0) {
      this.deps.logger?.warn("inventory writes failed", {
        shop: this.shop,
        runId: this.runId,
        count: failures.length,
        first: failures.slice(0, 3).map((f) => ({ itemId: f.row.itemId, code: (f as { code: string }).code })),
      });
    }
  }
}

/** A page of pending rows, read and decided: `rows` read (0 at the end of a pass), the writes among them. */
interface PreparedPage {
  rows: number;
  writes: WriteEntry[];
}

/** No (inventory item, location) pair twice in one call: Shopify rejects the whole call for it. */
export function uniquePairs(entries: WriteEntry[]): { call: WriteEntry[]; deferred: WriteEntry[] } {
  const seen = new Set<string>();
  const call: WriteEntry[] = [];
  const deferred: WriteEntry[] = [];
  for (const e of entries) {
    const pair = `${e.inventoryItemId}\u0000${e.locationId}`;
    if (seen.has(pair)) deferred.push(e);
    else {
      seen.add(pair);
      call.push(e);
    }
  }
  return { call, deferred };
}

function writtenOutcome(e: WriteEntry): SyncOutcome {
  return { kind: "written", row: e.row, inventoryItemId: e.inventoryItemId, quantity: e.quantity, before: e.before, reason: e.reason };
}

function failedOutcome(e: WriteEntry, code: string, message: string): SyncOutcome {
  return { kind: "failed", row: e.row, inventoryItemId: e.inventoryItemId, quantity: e.quantity, code, message };
}
