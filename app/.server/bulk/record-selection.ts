// QUEUED -> RUNNING for a run on a selection, on the Items page's filters or on an app saved filter: the
// item rows are recorded (QUEUED) so the run can resume anywhere. Ids of a selection that are not this
// store's matched items are reported, never acted on.
import type { BulkRun } from "@prisma/client";
import { countRunItems, insertRunItems, isCancelRequested, refreshRunCounters, updateRun } from "../db/bulk-runs";
import { ownItemIds } from "../db/matched-items";
import type { ConnectedScope } from "../db/shop-scope";
import { parseItemListQuery } from "../../shared/item-list-query";
import { matchingItemIds } from "../db/item-filter-sql";
import type { BulkJobContext, BulkJobDeps } from "./bulk-job-deps";
import { cancelRun } from "./cancel-run";
import type { SourceRef } from "./run-types";

export async function recordSelection(deps: BulkJobDeps, scope: ConnectedScope, run: BulkRun, ref: SourceRef, ctx: BulkJobContext): Promise<BulkRun> {
  const { prisma } = deps;
  const chunk = deps.chunkSize ?? 500;
  if (ref.kind === "SELECTION") {
    const own = await ownItemIds(prisma, scope, ref.itemIds);
    const ownIds = new Set(own.map((o) => o.itemId));
    await insertRunItems(prisma, run.id, own);
    const foreign = ref.itemIds.filter((id) => !ownIds.has(id));
    await insertRunItems(
      prisma,
      run.id,
      foreign.map((id) => ({ itemId: id, sku: "", outcome: "SKIPPED", reason: "UNMATCHED", detail: "Not an item of this store." })),
    );
  } else if (ref.kind === "FILTER" || ref.kind === "APP_FILTER") {
    const query = parseItemListQuery(new URLSearchParams(ref.query));
    let after: string | null = null;
    for (;;) {
      const rows = await matchingItemIds(prisma, scope, query, { after, take: chunk * 4 });
      if (rows.length === 0) break;
      await insertRunItems(prisma, run.id, rows);
      after = rows[rows.length - 1].itemId;
      await ctx.extendLock();
      if (await isCancelRequested(prisma, run.id)) return cancelRun(deps, run);
    }
  }
  const total = await countRunItems(prisma, run.id);
  await refreshRunCounters(prisma, run.id);
  return updateRun(prisma, run.id, { status: "RUNNING", total });
}
