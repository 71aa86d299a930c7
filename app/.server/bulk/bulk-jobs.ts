// The background side of the merchant UI, for the worker's handler registry:
//   new Worker({ queue, handlers: { ...others, ...bulkJobHandlers(deps) } })
//
// ui.bulk-run advances one BulkRun through its states, all of them stored, so a run survives a reload, a
// worker crash and a server restart (the job is re-delivered; every step is idempotent):
//   QUEUED   -> selection/filter: item rows recorded (QUEUED)      -> RUNNING
//            -> saved search: bulkOperationRunQuery started        -> READING
//   READING  -> poll the bulk operation; COMPLETED: read the JSONL, map variants to items -> RUNNING
//   RUNNING  -> apply the action 500 items at a time (Sync: plan + queue pending syncs tagged with the run;
//               Set Sync Inventory: update settings + queue SETTINGS syncs) -> WAITING (Sync) or DONE
//   WAITING  -> fold the writer's sync-log rows for the run into the item results until none is pending -> DONE
// A cancel request is honoured at every step: syncs not yet sent are withdrawn, unfinished items CANCELLED.
// While waiting (READING, WAITING) the job re-queues itself with startAfter instead of sleeping.
//
// ui.resync queues a sync of every matched item of a shop after a settings change.
import type { BulkRun, PrismaClient } from "@prisma/client";
import { SYNC_SETTING_LABELS, describeSkipReason, describeSyncReason, type ItemSyncSetting, type SkipReason, type SyncReason } from "../../domain";
import { PermanentJobError, RetriableJobError } from "../jobs/errors";
import type { JobContext, JobHandler } from "../jobs/worker";
import type { Logger } from "../logger";
import type { ThrottledAdminClient } from "../shopify/admin-client";
import {
  BULK_OPERATION_RUN_QUERY_MUTATION,
  BULK_OPERATION_STATUS_QUERY,
  type BulkOperationRunQueryData,
  type BulkOperationStatusData,
} from "../shopify/operations/bulk-operations";
import { savedSearchVariantsBulkQuery } from "../shopify/operations/merchant-ui";
import { matchingItemIds, ownItemIds, parseItemListQuery } from "../views/item-list";
import { BULK_RUN_JOB, RESYNC_JOB, type BulkRunJobData, type ResyncJobData } from "../jobs/ui-job-names";
import { loadConnectedScope, type ConnectedScope } from "../db/shop-scope";
import { kickWriter, queueItemSyncs } from "../commands/sync-requests";
import { reasonText, type SourceRef } from "./runs";
import { updateItemSettings } from "../db/items";

export interface BulkJobDeps {
  prisma: PrismaClient;
  logger: Logger;
  /** The shop's throttled Admin client for background work (backgroundAdminClient in the worker). */
  adminClient: (shopId: string) => Pick<ThrottledAdminClient, "request">;
  /** Downloads the bulk operation's JSONL (a plain GET of the URL Shopify gives). */
  fetch?: typeof fetch;
  now?: () => Date;
  /** How long to wait before looking again at a running bulk operation or the writer. */
  pollMs?: number;
  chunkSize?: number;
}

type Ctx = Pick<JobContext, "queue" | "extendLock" | "signal">;

const SYNCED = new Set(["SYNCED", "WRITTEN"]);
const FAILED = new Set(["FAILED"]);
const SKIPPED = new Set(["SKIPPED"]);

export function bulkJobHandlers(deps: BulkJobDeps): Record<string, JobHandler<never>> {
  const bulk: JobHandler<BulkRunJobData> = (job, ctx) => advanceBulkRun(deps, job.data.runId, ctx);
  const resync: JobHandler<ResyncJobData> = (job, ctx) => resyncShop(deps, job.data, ctx);
  return { [BULK_RUN_JOB]: bulk as JobHandler<never>, [RESYNC_JOB]: resync as JobHandler<never> };
}

const now = (deps: BulkJobDeps) => (deps.now ?? (() => new Date()))();

async function again(deps: BulkJobDeps, ctx: Ctx, run: BulkRun): Promise<void> {
  await ctx.queue.send<BulkRunJobData>(
    BULK_RUN_JOB,
    { runId: run.id },
    { singletonKey: run.id, shopId: run.shopId, startAfter: new Date(now(deps).getTime() + (deps.pollMs ?? 1000)) },
  );
}

async function setRun(deps: BulkJobDeps, id: string, data: Partial<BulkRun>): Promise<BulkRun> {
  return deps.prisma.bulkRun.update({ where: { id }, data });
}

export interface AdvanceResult {
  status: string;
}

export async function advanceBulkRun(deps: BulkJobDeps, runId: string, ctx: Ctx): Promise<AdvanceResult> {
  const { prisma } = deps;
  let run = await prisma.bulkRun.findUnique({ where: { id: runId } });
  if (!run) return { status: "GONE" };
  if (["DONE", "CANCELLED", "FAILED"].includes(run.status)) return { status: run.status };
  if (run.cancelRequested) return { status: (await cancelRun(deps, run)).status };
  const scope = await loadConnectedScope(prisma, run.shopId);
  if (!scope) {
    await setRun(deps, run.id, { status: "FAILED", error: "The store is no longer connected to Whiplash.", finishedAt: now(deps) });
    return { status: "FAILED" };
  }
  const ref = JSON.parse(run.sourceRef) as SourceRef;

  if (run.status === "QUEUED") {
    run = await setRun(deps, run.id, { startedAt: run.startedAt ?? now(deps) });
    if (ref.kind === "SAVED_SEARCH") {
      run = await startSavedSearchRead(deps, run, ref);
      await again(deps, ctx, run);
      return { status: run.status };
    }
    run = await recordSelection(deps, scope, run, ref, ctx);
    if (run.status === "CANCELLED") return { status: run.status };
  }

  if (run.status === "READING") {
    const next = await pollSavedSearchRead(deps, scope, run);
    if (next.status === "READING") {
      await again(deps, ctx, next);
      return { status: next.status };
    }
    run = next;
    if (run.status === "FAILED") return { status: run.status };
  }

  if (run.status === "RUNNING") {
    run = await applyAction(deps, scope, run, ctx);
    if (run.status !== "WAITING") return { status: run.status };
  }

  if (run.status === "WAITING") {
    run = await followWriter(deps, ctx, scope, run);
    if (run.status === "WAITING") await again(deps, ctx, run);
  }
  return { status: run.status };
}

// ---------------------------------------------------------------------------------------------------

async function insertItems(deps: BulkJobDeps, runId: string, rows: { itemId: string; sku: string; outcome?: string; reason?: string; detail?: string }[]) {
  if (rows.length === 0) return;
  // Idempotent on re-delivery: rows already there are left as they are.
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    const existing = new Set(
      (await deps.prisma.bulkRunItem.findMany({ where: { runId, itemId: { in: part.map((r) => r.itemId) } }, select: { itemId: true } })).map((r) => r.itemId),
    );
    const fresh = part.filter((r) => !existing.has(r.itemId));
    if (fresh.length) {
      await deps.prisma.bulkRunItem.createMany({
        data: fresh.map((r) => ({ runId, itemId: r.itemId, sku: r.sku, outcome: r.outcome ?? "QUEUED", reason: r.reason ?? null, detail: r.detail ?? null })),
      });
    }
  }
}

async function recordSelection(deps: BulkJobDeps, scope: ConnectedScope, run: BulkRun, ref: SourceRef, ctx: Ctx): Promise<BulkRun> {
  const chunk = deps.chunkSize ?? 500;
  if (ref.kind === "SELECTION") {
    const own = await ownItemIds(deps.prisma, scope, ref.itemIds);
    const ownIds = new Set(own.map((o) => o.itemId));
    await insertItems(deps, run.id, own);
    // Ids that are not this store's matched items are reported, never acted on.
    const foreign = ref.itemIds.filter((id) => !ownIds.has(id));
    await insertItems(
      deps,
      run.id,
      foreign.map((id) => ({ itemId: id, sku: "", outcome: "SKIPPED", reason: "UNMATCHED", detail: "Not an item of this store." })),
    );
  } else if (ref.kind === "FILTER" || ref.kind === "APP_FILTER") {
    const query = parseItemListQuery(new URLSearchParams(ref.query));
    let after: string | null = null;
    for (;;) {
      const rows = await matchingItemIds(deps.prisma, scope, query, { after, take: chunk * 4 });
      if (rows.length === 0) break;
      await insertItems(deps, run.id, rows);
      after = rows[rows.length - 1].itemId;
      await ctx.extendLock();
      if (await cancelRequested(deps, run.id)) return cancelRun(deps, run);
    }
  }
  const total = await deps.prisma.bulkRunItem.count({ where: { runId: run.id } });
  await refreshCounters(deps, run.id);
  return setRun(deps, run.id, { status: "RUNNING", total });
}

async function startSavedSearchRead(deps: BulkJobDeps, run: BulkRun, ref: Extract<SourceRef, { kind: "SAVED_SEARCH" }>): Promise<BulkRun> {
  if (run.bulkOperationId) return setRun(deps, run.id, { status: "READING" });
  const client = deps.adminClient(run.shopId);
  const { data } = await client.request<BulkOperationRunQueryData>(BULK_OPERATION_RUN_QUERY_MUTATION, {
    variables: { query: savedSearchVariantsBulkQuery(ref.savedSearchId) },
  });
  const result = data.bulkOperationRunQuery;
  const errors = result?.userErrors ?? [];
  if (!result?.bulkOperation) {
    const message = errors.map((e) => e.message).join("; ") || "Shopify did not start the bulk query.";
    // Too many bulk queries running at once: try again shortly.
    if (errors.some((e) => e.code === "LIMIT_REACHED" || /at most|already in progress/i.test(e.message))) throw new RetriableJobError(message, 5_000);
    return setRun(deps, run.id, { status: "FAILED", error: `Shopify refused to read the saved search: ${message}`, finishedAt: now(deps) });
  }
  return setRun(deps, run.id, { status: "READING", bulkOperationId: result.bulkOperation.id });
}

async function pollSavedSearchRead(deps: BulkJobDeps, scope: ConnectedScope, run: BulkRun): Promise<BulkRun> {
  const client = deps.adminClient(run.shopId);
  const { data } = await client.request<BulkOperationStatusData>(BULK_OPERATION_STATUS_QUERY, { variables: { id: run.bulkOperationId } });
  const op = data.bulkOperation;
  if (!op) return setRun(deps, run.id, { status: "FAILED", error: "Shopify no longer knows the bulk query of this run.", finishedAt: now(deps) });
  if (op.status === "CREATED" || op.status === "RUNNING") return run;
  if (op.status !== "COMPLETED") {
    return setRun(deps, run.id, {
      status: "FAILED",
      error: `Shopify's bulk query ended ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode})` : ""}. Start the run again.`,
      finishedAt: now(deps),
    });
  }
  const variants = op.url ? await readVariants(deps, op.url) : [];
  // Variants -> our items through the shop's links (by inventory item id, the key the writer uses too).
  const rows: { itemId: string; sku: string; outcome?: string; reason?: string; detail?: string }[] = [];
  for (let i = 0; i < variants.length; i += 500) {
    const part = variants.slice(i, i + 500);
    const links = await deps.prisma.itemLink.findMany({
      where: { shopId: scope.shopId, inventoryItemId: { in: part.map((v) => v.inventoryItemId) }, item: { customerId: scope.customer.id } },
      select: { itemId: true, inventoryItemId: true, item: { select: { sku: true } } },
    });
    const byInventory = new Map(links.map((l) => [l.inventoryItemId, l]));
    for (const v of part) {
      const link = byInventory.get(v.inventoryItemId);
      if (link) rows.push({ itemId: link.itemId, sku: link.item.sku });
      else rows.push({ itemId: `variant:${v.variantId}`, sku: v.sku ?? "", outcome: "SKIPPED", reason: "NO_WHIPLASH_ITEM", detail: reasonText("NO_WHIPLASH_ITEM") });
    }
  }
  // A variant listed twice (it cannot be, but a JSONL may repeat) keeps its first row.
  const seen = new Set<string>();
  await insertItems(deps, run.id, rows.filter((r) => (seen.has(r.itemId) ? false : (seen.add(r.itemId), true))));
  const total = await deps.prisma.bulkRunItem.count({ where: { runId: run.id } });
  await refreshCounters(deps, run.id);
  return setRun(deps, run.id, { status: "RUNNING", total });
}

interface VariantLine {
  variantId: string;
  sku: string | null;
  inventoryItemId: string;
}

/** Reads the bulk JSONL: variant lines carry `__parentId` (their product) and an inventory item. */
async function readVariants(deps: BulkJobDeps, url: string): Promise<VariantLine[]> {
  const res = await (deps.fetch ?? fetch)(url, { signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new RetriableJobError(`bulk result download answered HTTP ${res.status}`);
  const out: VariantLine[] = [];
  const text = await res.text();
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let obj: { id?: string; sku?: string | null; inventoryItem?: { id?: string } | null; __parentId?: string };
    try {
      obj = JSON.parse(line);
    } catch {
      throw new PermanentJobError("the bulk query result is not valid JSONL");
    }
    if (obj.__parentId && obj.id?.includes("/ProductVariant/") && obj.inventoryItem?.id) {
      out.push({ variantId: obj.id, sku: obj.sku ?? null, inventoryItemId: obj.inventoryItem.id });
    }
  }
  return out;
}

async function cancelRequested(deps: BulkJobDeps, runId: string): Promise<boolean> {
  return (await deps.prisma.bulkRun.findUnique({ where: { id: runId }, select: { cancelRequested: true } }))?.cancelRequested ?? true;
}

async function applyAction(deps: BulkJobDeps, scope: ConnectedScope, run: BulkRun, ctx: Ctx): Promise<BulkRun> {
  const size = deps.chunkSize ?? 500;
  let rounds = 0;
  for (;;) {
    if (ctx.signal.aborted) throw new RetriableJobError("worker stopping; the run continues where it stopped", 0);
    if (await cancelRequested(deps, run.id)) return cancelRun(deps, run);
    const batch = await deps.prisma.bulkRunItem.findMany({ where: { runId: run.id, outcome: "QUEUED" }, orderBy: { itemId: "asc" }, take: size });
    if (batch.length === 0) break;
    if (run.action === "SYNC") await syncBatch(deps, ctx, scope, run, batch.map((b) => b.itemId));
    else await setSettingBatch(deps, ctx, scope, run, batch.map((b) => b.itemId));
    await ctx.extendLock();
    if (++rounds % 4 === 0) await refreshCounters(deps, run.id);
  }
  await refreshCounters(deps, run.id);
  if (run.action === "SYNC") return setRun(deps, run.id, { status: "WAITING" });
  return setRun(deps, run.id, { status: "DONE", finishedAt: now(deps) });
}

async function syncBatch(deps: BulkJobDeps, ctx: Ctx, scope: ConnectedScope, run: BulkRun, itemIds: string[]): Promise<void> {
  const { prisma } = deps;
  // queueItemSyncs also queues the shop's writer when there is something to write.
  const queued = await queueItemSyncs(prisma, ctx.queue, scope, itemIds, {
    trigger: "BULK",
    runId: run.id,
    logSkips: true,
  });
  const writing = new Map<string, number>();
  for (const w of queued.writes) writing.set(w.itemId, (writing.get(w.itemId) ?? 0) + w.quantity);
  const skipped = new Map<string, SkipReason>();
  for (const s of queued.skips) if (!writing.has(s.itemId) && !skipped.has(s.itemId)) skipped.set(s.itemId, s.reason);
  const updates = [];
  for (const id of itemIds) {
    if (writing.has(id)) {
      updates.push(prisma.bulkRunItem.update({ where: { runId_itemId: { runId: run.id, itemId: id } }, data: { outcome: "PENDING", quantity: writing.get(id)! } }));
    } else {
      const reason = skipped.get(id) ?? "UNMATCHED";
      updates.push(
        prisma.bulkRunItem.update({
          where: { runId_itemId: { runId: run.id, itemId: id } },
          data: { outcome: "SKIPPED", reason, detail: describeSkipReason(reason) },
        }),
      );
    }
  }
  await prisma.$transaction(updates);
}

async function setSettingBatch(deps: BulkJobDeps, ctx: Ctx, scope: ConnectedScope, run: BulkRun, itemIds: string[]): Promise<void> {
  const { prisma } = deps;
  const setting = run.setting as ItemSyncSetting;
  const current = await prisma.item.findMany({ where: { id: { in: itemIds }, customerId: scope.customer.id }, select: { id: true, syncSetting: true } });
  const byId = new Map(current.map((c) => [c.id, c.syncSetting as ItemSyncSetting]));
  const changing = current.filter((c) => c.syncSetting !== setting).map((c) => c.id);
  if (changing.length) await updateItemSettings(prisma, scope.customer.id, changing, { syncSetting: setting });
  const updates = itemIds.map((id) => {
    const before = byId.get(id);
    const data =
      before === undefined
        ? { outcome: "SKIPPED", reason: "UNMATCHED", detail: "No longer an item of this store." }
        : before === setting
          ? { outcome: "UNCHANGED", reason: "UNCHANGED_SETTING", detail: `Already ${SYNC_SETTING_LABELS[setting]}` }
          : { outcome: "UPDATED", reason: setting, detail: `${SYNC_SETTING_LABELS[before]} -> ${SYNC_SETTING_LABELS[setting]}` };
    return prisma.bulkRunItem.update({ where: { runId_itemId: { runId: run.id, itemId: id } }, data });
  });
  await prisma.$transaction(updates);
  // The new settings take effect: a normal (unforced) sync of the changed items, decided by the writer.
  if (changing.length) await queueItemSyncs(prisma, ctx.queue, scope, changing, { trigger: "SETTINGS" });
}

/** Folds the writer's log rows for this run into the item results; done when nothing of the run is pending. */
async function followWriter(deps: BulkJobDeps, ctx: Ctx, scope: ConnectedScope, run: BulkRun): Promise<BulkRun> {
  const { prisma } = deps;
  let cursor = run.logCursor;
  for (;;) {
    const rows = await prisma.syncLog.findMany({
      where: { shopId: run.shopId, runId: run.id, id: { gt: cursor } },
      orderBy: { id: "asc" },
      take: 2000,
    });
    if (rows.length === 0) break;
    const updates = [];
    for (const r of rows) {
      if (!r.itemId) continue;
      const decision = r.decision.toUpperCase();
      if (SYNCED.has(decision)) {
        updates.push(
          prisma.bulkRunItem.updateMany({
            where: { runId: run.id, itemId: r.itemId, outcome: { in: ["PENDING", "SKIPPED"] } },
            data: { outcome: "WRITTEN", reason: r.reason, detail: describeSyncReason(r.reason as SyncReason), quantity: r.quantityAfter },
          }),
        );
      } else if (FAILED.has(decision)) {
        updates.push(
          prisma.bulkRunItem.updateMany({
            where: { runId: run.id, itemId: r.itemId, outcome: { in: ["PENDING", "SKIPPED", "WRITTEN"] } },
            data: { outcome: "FAILED", reason: r.reason, detail: r.error ?? r.reason },
          }),
        );
      } else if (SKIPPED.has(decision)) {
        updates.push(
          prisma.bulkRunItem.updateMany({
            where: { runId: run.id, itemId: r.itemId, outcome: "PENDING" },
            data: { outcome: "SKIPPED", reason: r.reason, detail: reasonText(r.reason) },
          }),
        );
      }
    }
    if (updates.length) await prisma.$transaction(updates);
    cursor = rows[rows.length - 1].id;
  }
  run = await setRun(deps, run.id, { logCursor: cursor });
  const stillPending = await prisma.pendingSync.count({ where: { shopId: run.shopId, runId: run.id } });
  if (stillPending > 0) {
    // The writer is a singleton per shop: this only queues one when none is waiting.
    await kickWriter(ctx.queue, scope.shopId);
    await refreshCounters(deps, run.id);
    return run;
  }
  // Nothing of the run is pending any more; an item with no result was replaced by a newer sync.
  await prisma.bulkRunItem.updateMany({
    where: { runId: run.id, outcome: "PENDING" },
    data: { outcome: "SKIPPED", reason: "REPLACED", detail: reasonText("REPLACED") },
  });
  await refreshCounters(deps, run.id);
  return setRun(deps, run.id, { status: "DONE", finishedAt: now(deps) });
}

async function cancelRun(deps: BulkJobDeps, run: BulkRun): Promise<BulkRun> {
  const { prisma } = deps;
  // Syncs of this run the writer has not sent yet are withdrawn (a row another change re-queued since keeps
  // its newer trigger but no longer carries this run).
  await prisma.pendingSync.deleteMany({ where: { shopId: run.shopId, runId: run.id, trigger: "BULK" } });
  await prisma.pendingSync.updateMany({ where: { shopId: run.shopId, runId: run.id }, data: { runId: null } });
  await prisma.bulkRunItem.updateMany({
    where: { runId: run.id, outcome: { in: ["QUEUED", "PENDING"] } },
    data: { outcome: "CANCELLED", detail: "Cancelled before it was applied." },
  });
  await refreshCounters(deps, run.id);
  return setRun(deps, run.id, { status: "CANCELLED", finishedAt: now(deps) });
}

/** Recomputes the run's counters from its item rows (cheap: indexed by run and outcome). */
export async function refreshCounters(deps: Pick<BulkJobDeps, "prisma">, runId: string): Promise<void> {
  const groups = await deps.prisma.bulkRunItem.groupBy({ by: ["outcome", "reason"], where: { runId }, _count: { _all: true } });
  let total = 0;
  let done = 0;
  let succeeded = 0;
  let skipped = 0;
  let failed = 0;
  const byReason: Record<string, number> = {};
  for (const g of groups) {
    const n = g._count._all;
    total += n;
    if (g.outcome !== "QUEUED" && g.outcome !== "PENDING") done += n;
    if (g.outcome === "WRITTEN" || g.outcome === "UPDATED" || g.outcome === "UNCHANGED") succeeded += n;
    if (g.outcome === "SKIPPED" || g.outcome === "CANCELLED") {
      skipped += n;
      const reason = g.outcome === "CANCELLED" ? "CANCELLED" : (g.reason ?? "UNKNOWN");
      byReason[reason] = (byReason[reason] ?? 0) + n;
    }
    if (g.outcome === "FAILED") failed += n;
  }
  await deps.prisma.bulkRun.update({
    where: { id: runId },
    data: { total, done, succeeded, skipped, failed, skippedByReason: JSON.stringify(byReason) },
  });
}

// ---------------------------------------------------------------------------------------------------

export async function resyncShop(deps: BulkJobDeps, data: ResyncJobData, ctx: Ctx): Promise<{ items: number; writes: number }> {
  const scope = await loadConnectedScope(deps.prisma, data.shopId);
  if (!scope || !scope.prefs.syncEnabled) return { items: 0, writes: 0 };
  let after: string | null = null;
  let items = 0;
  let writes = 0;
  for (;;) {
    const rows = await matchingItemIds(deps.prisma, scope, {}, { after, take: deps.chunkSize ?? 500 });
    if (rows.length === 0) break;
    const queued = await queueItemSyncs(deps.prisma, ctx.queue, scope, rows.map((r) => r.itemId), { trigger: data.trigger });
    items += rows.length;
    writes += queued.writes.length;
    after = rows[rows.length - 1].itemId;
    await ctx.extendLock();
  }
  return { items, writes };
}
