// Step 3 of applying a batch of Whiplash events: pending syncs for every connected shop and the shops'
// writer jobs, once per customer (after the items are saved: a writer always reads the state a row
// was queued for).
import { enqueueShopSyncs, replayTrigger, type ChangedItem } from "../sync/fan-out";
import type { ApplyDeps, Batch, BatchItems, Work } from "./apply-batch";

export async function queueBatchSyncs(
  deps: ApplyDeps,
  batch: Batch,
  work: Work[],
  items: BatchItems,
  toQueue: Map<string, ChangedItem[]>,
  recovered: Map<string, Set<number>>,
): Promise<void> {
  // Events an earlier attempt applied and recorded: their items are queued again from the stored state.
  for (const [customerId, ids] of recovered) {
    for (const id of ids) {
      const record = await items.store.load(customerId, id);
      if (record) toQueue.set(customerId, [...(toQueue.get(customerId) ?? []), { itemId: record.id, state: record.state, trigger: replayTrigger(record.state) }]);
    }
  }
  for (const [customerId, changed] of toQueue) {
    try {
      await enqueueShopSyncs(deps.prisma, deps.queue, customerId, batch.customers.get(customerId)!.prefs, latestPerItem(changed));
    } catch (error) {
      for (const w of work) if (w.customerId === customerId) w.failed ??= error;
      for (const [index, request] of batch.requests.entries()) {
        const event = batch.eventsById.get(request.eventId);
        if (event?.customerId === customerId && event.outcome === "APPLIED") batch.results[index] = { ok: false, error };
      }
    }
  }
}

/** One entry per item: the latest state; SELLOUT wins so a sell-out's final 0 is not lost. */
function latestPerItem(changed: ChangedItem[]): ChangedItem[] {
  const out = new Map<string, ChangedItem>();
  for (const c of changed) {
    const prev = out.get(c.itemId);
    out.set(c.itemId, { ...c, trigger: prev?.trigger === "SELLOUT" ? "SELLOUT" : c.trigger });
  }
  return [...out.values()];
}
