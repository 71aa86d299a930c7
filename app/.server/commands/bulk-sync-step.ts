// One step of a bulk "Sync inventory" run (Items page, Bulk page): syncs a batch of the run's items with
// the one sync command (trigger BULK, tagged with the run, in every store of the customer) and records
// each item's result in the acting shop: PENDING with the quantity being written, or SKIPPED with why.
import type { PrismaClient } from "@prisma/client";
import { describeSkipReason, type SkipReason } from "../../domain";
import { setRunItemResults, type RunItemResult } from "../db/bulk-runs";
import type { ConnectedScope } from "../db/shop-scope";
import type { JobQueue } from "../jobs/types";
import { syncItems } from "./sync-items";

export async function bulkSyncStep(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  runId: string,
  itemIds: readonly string[],
): Promise<void> {
  const queued = await syncItems(prisma, queue, scope, itemIds, { trigger: "BULK", runId, logSkips: true });
  const writing = new Map<string, number>();
  for (const w of queued.writes) writing.set(w.itemId, (writing.get(w.itemId) ?? 0) + w.quantity);
  const skipped = new Map<string, SkipReason>();
  for (const s of queued.skips) if (!writing.has(s.itemId) && !skipped.has(s.itemId)) skipped.set(s.itemId, s.reason);
  const results: RunItemResult[] = itemIds.map((itemId) => {
    const quantity = writing.get(itemId);
    if (quantity !== undefined) return { itemId, outcome: "PENDING", quantity };
    const reason = skipped.get(itemId) ?? "UNMATCHED";
    return { itemId, outcome: "SKIPPED", reason, detail: describeSkipReason(reason) };
  });
  await setRunItemResults(prisma, runId, results);
}
