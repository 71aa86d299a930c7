// The "whiplash-event" jobs: apply stored Whiplash webhooks, a claimed batch at a time.
//   stored event -> domain WarehouseEvents per item (apply-mapping.ts; may re-read Whiplash)
//   -> per item, every event of the batch in order: applyWarehouseEvent (the domain core); one save
//   -> pending syncs for every connected shop + the shop's writer job (apply-pending-syncs.ts), once
//   -> each event's outcome (APPLIED / STALE, with what changed).
// A burst of events on the same items costs one save per item and one pending-sync write per batch.
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
import { Prisma, type PrismaClient } from "@prisma/client";
import { chunk } from "../db/db-types";
import { applyWarehouseEvent, sameItem, type CustomerPrefs, type ItemState, type SyncTrigger } from "../../domain";
import { toCustomerPrefs, touchCustomerWebhook } from "../db/customers";
import { upsertShipNotice } from "../db/ship-notices";
import { describeError, PermanentJobError } from "../jobs/errors";
import type { JobQueue } from "../jobs/types";
import type { Logger } from "../logger";
import type { WhiplashClient } from "../whiplash/client";
import { parseWhiplashWebhook, type KnownWhiplashEvent } from "../whiplash/payloads";
import { toWarehouseEvents, type ItemEvents } from "./apply-mapping";
import { enqueueShopSyncs, replayTrigger, type ChangedItem } from "../sync/fan-out";
import { repositoryItemStore, type ItemRecord, type ItemStore } from "./apply-item-store";
import { createEventResolver } from "./apply-resolver";
import type { EventOutcome } from "../intake/whiplash-intake-store";

export interface ApplyDeps {
  prisma: PrismaClient;
  queue: JobQueue;
  logger: Logger;
  /** The customer's Whiplash client, for incomplete payloads (only built when needed). */
  whiplashClient: (customer: { id: string; whiplashCustomerId: number }) => WhiplashClient;
  items?: ItemStore;
  now?: () => Date;
}

export interface ApplyRequest {
  eventId: string;
  /** An earlier attempt of this job may have saved items and stopped (retry or expired lock). */
  replay?: boolean;
}

/** What an applied event changed, kept in InboundEvent.outcomeDetail (JSON). */
export interface AppliedDetail {
  items: Array<{ whiplashItemId: number; itemId: string; outcome: "APPLIED" | "STALE"; sellout: boolean; processOrders?: boolean }>;
  replay?: boolean;
}

export interface ApplyOutput {
  outcome: EventOutcome | "MISSING";
  items: number;
  replay?: boolean;
}

export type ApplyResult = { ok: true; output: ApplyOutput } | { ok: false; error: unknown };

const OPEN = ["PENDING", "FAILED"];

/** Marks the outcome only while the event is still open, so a late attempt cannot overwrite a final one. */
function outcomeUpdate(prisma: PrismaClient, id: string, outcome: EventOutcome, detail: string | null, at: Date) {
  return prisma.inboundEvent.updateMany({ where: { id, outcome: { in: OPEN } }, data: { outcome, outcomeDetail: detail, processedAt: at } });
}

export async function markOutcome(prisma: PrismaClient, id: string, outcome: EventOutcome, detail: string | null, at: Date): Promise<void> {
  await outcomeUpdate(prisma, id, outcome, detail, at);
}

interface Work {
  index: number;
  eventId: string;
  replay: boolean;
  customerId: string;
  receivedAt: Date;
  perItem: ItemEvents[];
  detail: AppliedDetail;
  failed?: unknown;
}

/** One event, throwing on failure (tests, tools). */
export async function applyWhiplashEvent(deps: ApplyDeps, eventId: string, options: { replay?: boolean } = {}): Promise<ApplyOutput> {
  const [result] = await applyWhiplashEvents(deps, [{ eventId, replay: options.replay }]);
  if (!result.ok) throw result.error;
  return result.output;
}

export async function applyWhiplashEvents(deps: ApplyDeps, requests: ApplyRequest[]): Promise<ApplyResult[]> {
  const { prisma } = deps;
  const items = deps.items ?? repositoryItemStore(prisma);
  const now = deps.now ?? (() => new Date());
  const results: ApplyResult[] = new Array(requests.length);
  const outcomes: Array<{ id: string; outcome: EventOutcome; detail: string | null }> = [];
  const done = (index: number, output: ApplyOutput) => (results[index] = { ok: true, output });

  const rows = await prisma.inboundEvent.findMany({ where: { id: { in: requests.map((r) => r.eventId) } } });
  const eventsById = new Map(rows.map((r) => [r.id, r]));
  const customerRows = await prisma.customer.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.customerId).filter((c): c is string => c !== null))] } },
  });
  const customers = new Map(customerRows.map((c) => [c.id, { row: c, prefs: toCustomerPrefs(c) }]));

  // Items loaded in this batch, shared by the mapping and the application (key: customer + Whiplash id).
  const cache = new Map<string, ItemRecord | null>();
  const key = (customerId: string, whiplashItemId: number) => `${customerId}:${whiplashItemId}`;
  const cachedStore: ItemStore = {
    async load(customerId, whiplashItemId) {
      const k = key(customerId, whiplashItemId);
      if (!cache.has(k)) cache.set(k, await items.load(customerId, whiplashItemId));
      return cache.get(k) ?? null;
    },
    create: (customerId, input) => items.create(customerId, input),
    save: (customerId, record, next) => items.save(customerId, record, next),
  };

  // Preload every item the batch names (one query instead of one per item; the mapping and the
  // application both read from this cache).
  if (items.loadMany) {
    const wanted = new Map<string, Set<number>>();
    for (const row of rows) {
      if (!row.customerId || !customers.has(row.customerId) || !OPEN.includes(row.outcome)) continue;
      for (const id of namedItemIds(row.rawBody)) wanted.set(row.customerId, (wanted.get(row.customerId) ?? new Set()).add(id));
    }
    for (const [customerId, ids] of wanted) {
      const found = await items.loadMany(customerId, [...ids]);
      for (const id of ids) cache.set(key(customerId, id), found.get(id) ?? null);
    }
  }

  // 1. Classify, parse and map each event.
  const work: Work[] = [];
  const recovered = new Map<string, Set<number>>(); // customer -> Whiplash item ids to re-queue
  for (const [index, request] of requests.entries()) {
    const event = eventsById.get(request.eventId);
    if (!event) {
      done(index, { outcome: "MISSING", items: 0 });
      continue;
    }
    const customer = event.customerId ? customers.get(event.customerId) : undefined;
    if (!customer) {
      outcomes.push({ id: event.id, outcome: "UNUSED", detail: "no connected customer" });
      done(index, { outcome: "UNUSED", items: 0 });
      continue;
    }
    if (event.outcome === "APPLIED") {
      // Applied and recorded, then stopped before the job completed: queue its syncs again (coalesced).
      const detail = JSON.parse(event.outcomeDetail ?? '{"items":[]}') as AppliedDetail;
      const ids = recovered.get(customer.row.id) ?? new Set<number>();
      for (const i of detail.items) if (i.outcome === "APPLIED") ids.add(i.whiplashItemId);
      recovered.set(customer.row.id, ids);
      done(index, { outcome: "APPLIED", items: detail.items.length, replay: true });
      continue;
    }
    if (!OPEN.includes(event.outcome)) {
      done(index, { outcome: event.outcome as EventOutcome, items: 0 });
      continue;
    }
    const parsed = parseWhiplashWebhook(safeJson(event.rawBody));
    if (parsed.status !== "known") {
      const outcome = parsed.status === "unknown" ? "UNUSED" : "INVALID";
      outcomes.push({ id: event.id, outcome, detail: parsed.status === "invalid" ? parsed.reason : null });
      done(index, { outcome, items: 0 });
      continue;
    }
    try {
      const resolver = createEventResolver(prisma, cachedStore, customer.row.id, () => deps.whiplashClient(customer.row));
      const perItem = await toWarehouseEvents(parsed.event, resolver);
      await recordShipNotice(prisma, customer.row.id, parsed.event);
      work.push({
        index,
        eventId: event.id,
        replay: request.replay ?? false,
        customerId: customer.row.id,
        receivedAt: event.receivedAt,
        perItem,
        detail: { items: [], ...(request.replay ? { replay: true } : {}) },
      });
    } catch (error) {
      if (error instanceof PermanentJobError || (error as { retriable?: boolean }).retriable === false) {
        outcomes.push({ id: event.id, outcome: "FAILED", detail: describeError(error) });
      }
      results[index] = { ok: false, error };
    }
  }

  // 2. Apply per item, every event of the batch in order, and save each item once.
  const byItem = new Map<string, { customerId: string; whiplashItemId: number; entries: Array<{ work: Work; entry: ItemEvents }> }>();
  for (const w of work) {
    for (const entry of w.perItem) {
      const k = key(w.customerId, entry.whiplashItemId);
      const group = byItem.get(k) ?? { customerId: w.customerId, whiplashItemId: entry.whiplashItemId, entries: [] };
      group.entries.push({ work: w, entry });
      byItem.set(k, group);
    }
  }
  const toQueue = new Map<string, ChangedItem[]>(); // customer -> items
  for (const group of byItem.values()) {
    const prefs = customers.get(group.customerId)!.prefs;
    try {
      const first = group.entries[0].entry;
      const record =
        (await cachedStore.load(group.customerId, group.whiplashItemId)) ??
        (await items.create(group.customerId, { whiplashItemId: group.whiplashItemId, sku: first.sku ?? "", title: first.title ?? undefined }));
      let state = record.state;
      let applied = false;
      let sellout = false;
      let replayed = false;
      for (const { work: w, entry } of group.entries) {
        const r = applyEntry(state, entry, prefs);
        state = r.state;
        applied ||= r.applied;
        sellout ||= r.sellout;
        replayed ||= w.replay;
        w.detail.items.push({
          whiplashItemId: group.whiplashItemId,
          itemId: record.id,
          outcome: r.applied ? "APPLIED" : "STALE",
          sellout: r.sellout,
          ...(r.processOrders === undefined ? {} : { processOrders: r.processOrders }),
        });
      }
      if (!sameItem(record.state, state)) {
        const version = await items.save(group.customerId, record, state);
        cache.set(key(group.customerId, group.whiplashItemId), { ...record, version, state });
      }
      const trigger: SyncTrigger | null = applied ? (sellout ? "SELLOUT" : "WEBHOOK") : replayed ? replayTrigger(state) : null;
      if (trigger) toQueue.set(group.customerId, [...(toQueue.get(group.customerId) ?? []), { itemId: record.id, state, trigger }]);
    } catch (error) {
      // E.g. saved by someone else meanwhile: every event touching the item is tried again later.
      for (const { work: w } of group.entries) w.failed ??= error;
    }
  }

  // 3. Pending syncs and writer jobs, once per customer.
  for (const [customerId, ids] of recovered) {
    for (const id of ids) {
      const record = await cachedStore.load(customerId, id);
      if (record) toQueue.set(customerId, [...(toQueue.get(customerId) ?? []), { itemId: record.id, state: record.state, trigger: replayTrigger(record.state) }]);
    }
  }
  for (const [customerId, changed] of toQueue) {
    try {
      await enqueueShopSyncs(prisma, deps.queue, customerId, customers.get(customerId)!.prefs, latestPerItem(changed));
    } catch (error) {
      for (const w of work) if (w.customerId === customerId) w.failed ??= error;
      for (const [index, request] of requests.entries()) {
        const event = eventsById.get(request.eventId);
        if (event?.customerId === customerId && event.outcome === "APPLIED") results[index] = { ok: false, error };
      }
    }
  }

  // 4. Outcomes (one commit), then results.
  for (const w of work) {
    if (w.failed !== undefined) {
      results[w.index] = { ok: false, error: w.failed };
      continue;
    }
    const outcome: EventOutcome = w.detail.items.some((i) => i.outcome === "APPLIED") ? "APPLIED" : "STALE";
    outcomes.push({ id: w.eventId, outcome, detail: JSON.stringify(w.detail) });
    done(w.index, { outcome, items: w.perItem.length, ...(w.replay ? { replay: true } : {}) });
  }
  await writeOutcomes(prisma, outcomes, now());

  // The settings page shows whether signed webhooks arrive; one write per customer per minute at most.
  for (const [customerId, { row }] of customers) {
    const latest = work.filter((w) => w.customerId === customerId).reduce<Date | null>((m, w) => (!m || w.receivedAt > m ? w.receivedAt : m), null);
    if (latest && (!row.lastWebhookAt || row.lastWebhookAt.getTime() < latest.getTime() - 60_000)) await touchCustomerWebhook(prisma, customerId, latest);
  }
  deps.logger.debug("whiplash events applied", { events: requests.length, items: byItem.size });
  return results;
}

/** All outcomes of a batch in one statement (one CASE per column), still only for open events. */
async function writeOutcomes(prisma: PrismaClient, outcomes: Array<{ id: string; outcome: EventOutcome; detail: string | null }>, at: Date) {
  for (const part of chunk(outcomes, 300)) {
    const outcomeCase = Prisma.join(part.map((o) => Prisma.sql`WHEN ${o.id} THEN ${o.outcome}`), " ");
    const detailCase = Prisma.join(part.map((o) => Prisma.sql`WHEN ${o.id} THEN ${o.detail}`), " ");
    await prisma.$executeRaw`
      UPDATE "InboundEvent" SET "outcome" = CASE "id" ${outcomeCase} END, "outcomeDetail" = CASE "id" ${detailCase} END, "processedAt" = ${at}
      WHERE "id" IN (${Prisma.join(part.map((o) => o.id))}) AND "outcome" IN ('PENDING','FAILED')`;
  }
}

/** Whiplash item ids a stored body names directly (for preloading; the mapping may still find others). */
function namedItemIds(rawBody: string): number[] {
  const body = safeJson(rawBody) as Record<string, { id?: unknown; item_id?: unknown; shipnotice_items?: Array<{ item_id?: unknown }> }> | undefined;
  if (!body || typeof body !== "object") return [];
  const ids = [body.item?.id, body.shipnotice_item?.item_id, ...(body.shipnotice?.shipnotice_items ?? []).map((l) => l?.item_id)];
  return ids.map((v) => Number(v)).filter((n) => Number.isInteger(n) && n > 0);
}

function applyEntry(state: ItemState, entry: ItemEvents, prefs: CustomerPrefs) {
  let applied = false;
  let sellout = false;
  let processOrders: boolean | undefined;
  for (const warehouseEvent of entry.events) {
    const r = applyWarehouseEvent(state, warehouseEvent, prefs);
    state = r.item;
    applied ||= r.outcome === "APPLIED";
    sellout ||= r.sellout;
    if (r.processOrdersChange) processOrders = r.processOrdersChange.to;
  }
  return { state, applied, sellout, processOrders };
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

/** Keeps a notice's own header (warehouse, status) current; newest update wins, completion is kept. */
async function recordShipNotice(prisma: PrismaClient, customerId: string, event: KnownWhiplashEvent): Promise<void> {
  if (event.kind !== "shipnotice") return;
  const n = event.shipnotice;
  if (n.warehouse_id == null || n.status == null || !n.updated_at) return;
  await upsertShipNotice(prisma, customerId, { whiplashId: n.id, warehouseId: n.warehouse_id, status: n.status, at: new Date(n.updated_at) });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
