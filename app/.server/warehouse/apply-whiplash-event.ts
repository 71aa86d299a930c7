// The "whiplash-event" jobs: apply stored Whiplash webhooks, a claimed batch at a time (the handler the
// worker registers is intakeBatchHandlers, at the end of this file).
//   stored event -> domain WarehouseEvents per item (apply-mapping.ts; may re-read Whiplash)
//   -> per item, every event of the batch in order: applyWarehouseEvent (the domain core); one save
//   -> pending syncs for every connected shop + the shop's writer job (apply-queue-syncs.ts), once
//   -> each event's outcome (APPLIED / STALE, with what changed).
// A burst of events on the same items costs one save per item and one pending-sync write per batch.
// The steps live in their own files: apply-batch.ts (loading, item cache), apply-classify.ts (1),
// apply-items.ts (2), apply-queue-syncs.ts (3); outcomes (4) are written here.
//
// Crash safety. Each step is idempotent and the order matters:
//   - Items are saved before their pending syncs are queued, so a writer that picks a row up always
//     reads the state that row was queued for (queueing first could let it write the old state and then
//     drop the row).
//   - A crash after a save leaves the event PENDING; the job's lock expires and it runs again. The domain's
//     ordering rule (3.7) makes the replayed event a no-op for the item (STALE), so nothing is applied
//     twice. Because a replay cannot tell whether the first attempt queued its syncs, a replay (any attempt
//     after the first) always queues them from the stored state; rows are coalesced, so this is harmless.
//   - Outcomes are written last: an APPLIED event whose job runs again only re-queues its syncs.
// Within a batch, payload holes (a bare total, a line without its publish flag) are filled from the state
// before the batch; events of the batch are then applied in order. Every rule is the domain core's.
import type { PrismaClient } from "@prisma/client";
import type { Logger } from "../logger";
import type { WhiplashClientFactory } from "../wiring/whiplash-client-factory";
import { describeError, isDatabaseLocked, isPermanent } from "../jobs/errors";
import { WHIPLASH_EVENT_JOB, type WhiplashEventJobData } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";
import type { BatchJobHandler } from "../jobs/worker";
import type { ItemStore } from "./apply-item-store";
import { touchCustomerWebhook } from "../db/customers";
import { settleOpenEvent, settleOpenEvents } from "../db/inbound-events";
import type { EventOutcome } from "../intake/whiplash-intake-store";
import { repositoryItemStore } from "./apply-item-store";
import { batchItemCache, loadBatch, succeed, type ApplyDeps, type ApplyOutput, type ApplyRequest, type ApplyResult, type Batch, type BatchItems, type Work } from "./apply-batch";
import { classifyEvents } from "./apply-classify";
import { applyPerItem, type Reread } from "./apply-items";
import { rereadEvents } from "./apply-mapping";
import { createEventResolver } from "./apply-resolver";
import { queueBatchSyncs } from "./apply-queue-syncs";

export type { AppliedDetail, ApplyDeps, ApplyOutput, ApplyRequest, ApplyResult } from "./apply-batch";

/** Marks the outcome only while the event is still open, so a late attempt cannot overwrite a final one. */
export async function markOutcome(prisma: PrismaClient, id: string, outcome: EventOutcome, detail: string | null, at: Date): Promise<void> {
  await settleOpenEvent(prisma, id, outcome, detail, at);
}

/** One event, throwing on failure (tests, tools). */
export async function applyWhiplashEvent(deps: ApplyDeps, eventId: string, options: { replay?: boolean } = {}): Promise<ApplyOutput> {
  const [result] = await applyWhiplashEvents(deps, [{ eventId, replay: options.replay }]);
  if (!result.ok) throw result.error;
  return result.output;
}

export async function applyWhiplashEvents(deps: ApplyDeps, requests: ApplyRequest[]): Promise<ApplyResult[]> {
  const store = deps.items ?? repositoryItemStore(deps.prisma);
  const now = deps.now ?? (() => new Date());
  const batch = await loadBatch(deps.prisma, requests);
  const items = batchItemCache(store);
  await items.preload(batch);

  const { work, recovered } = await classifyEvents(deps, batch, items); // 1
  const { toQueue, itemCount } = await applyPerItem(batch, work, items, store, rereadThrough(deps, batch, items)); // 2
  await queueBatchSyncs(deps, batch, work, items, toQueue, recovered); // 3
  recordWorkOutcomes(batch, work); // 4
  await settleOpenEvents(deps.prisma, batch.outcomes, now());

  await touchWebhookTimes(deps, batch, work);
  deps.logger.debug("whiplash events applied", { events: requests.length, items: itemCount });
  return batch.results;
}

/** Re-reads an item for a tie through the customer's Whiplash client (apply-items.ts). */
function rereadThrough(deps: ApplyDeps, batch: Batch, items: BatchItems): Reread {
  return (customerId, whiplashItemId, current, what) => {
    const customer = batch.customers.get(customerId)!.row;
    const resolver = createEventResolver(deps.prisma, items.store, customerId, () => deps.whiplashClient(customer));
    return rereadEvents(whiplashItemId, current, resolver, what);
  };
}

/** Each applied event's outcome (APPLIED when it changed any item, else STALE) and its result. */
function recordWorkOutcomes(batch: Batch, work: Work[]): void {
  for (const w of work) {
    if (w.failed !== undefined) {
      batch.results[w.index] = { ok: false, error: w.failed };
      continue;
    }
    const outcome: EventOutcome = w.detail.items.some((i) => i.outcome === "APPLIED") ? "APPLIED" : "STALE";
    batch.outcomes.push({ id: w.eventId, outcome, detail: JSON.stringify(w.detail) });
    succeed(batch, w.index, { outcome, items: w.perItem.length, ...(w.replay ? { replay: true } : {}) });
  }
}

/** The settings page shows whether signed webhooks arrive; one write per customer per minute at most. */
async function touchWebhookTimes(deps: ApplyDeps, batch: Batch, work: Work[]): Promise<void> {
  for (const [customerId, { row }] of batch.customers) {
    const latest = work.filter((w) => w.customerId === customerId).reduce<Date | null>((m, w) => (!m || w.receivedAt > m ? w.receivedAt : m), null);
    if (latest && (!row.lastWebhookAt || row.lastWebhookAt.getTime() < latest.getTime() - 60_000)) await touchCustomerWebhook(deps.prisma, customerId, latest);
  }
}

// ---------------------------------------------------------------------------------------------------
// The job handler, for the worker's registry (app/worker.server.ts).
// ---------------------------------------------------------------------------------------------------

export interface IntakeWorkerDeps {
  prisma: PrismaClient;
  queue: JobQueue;
  logger: Logger;
  whiplashClient: WhiplashClientFactory;
  /** Item persistence seam (tests wrap it to simulate a crash between steps). */
  items?: ItemStore;
  now?: () => Date;
}

export function intakeBatchHandlers(deps: IntakeWorkerDeps): Record<string, BatchJobHandler<never>> {
  const applyEvents: BatchJobHandler<WhiplashEventJobData> = async (jobs) => {
    // A job that ran before (failed, or its worker died) may have saved items without queueing syncs.
    const results = await applyWhiplashEvents(
      deps,
      jobs.map((job) => ({ eventId: job.data.eventId, replay: job.retryCount > 0 })),
    );
    for (const [i, result] of results.entries()) {
      const job = jobs[i];
      // Last attempt (or nothing to retry): the event is kept, marked FAILED with why, for inspection.
      // Not for a database lock: the worker defers that job without counting an attempt (jobs/worker.ts).
      if (!result.ok && !isDatabaseLocked(result.error) && (isPermanent(result.error) || job.retryCount >= job.retryLimit)) {
        await markOutcome(deps.prisma, job.data.eventId, "FAILED", describeError(result.error), (deps.now ?? (() => new Date()))());
      }
    }
    return results.map((r) => (r.ok ? { ok: true as const, output: r.output } : { ok: false as const, error: r.error }));
  };
  return { [WHIPLASH_EVENT_JOB]: applyEvents as BatchJobHandler<never> };
}
