// The "whiplash-event" job: apply one stored Whiplash webhook.
//   stored event -> domain WarehouseEvents per item (apply-mapping.ts; may re-read Whiplash)
//   -> per item: load, applyWarehouseEvent (the domain core), save (optimistic version)
//   -> pending syncs for every connected shop + the shop's writer job (apply-pending-syncs.ts)
//   -> the event's outcome (APPLIED / STALE, with what changed).
//
// Crash safety. Each step is idempotent and the order matters:
//   - The item is saved before its pending syncs are queued, so a writer that picks a row up always
//     reads the state that row was queued for (queueing first could let it write the old state and then
//     drop the row).
//   - A crash after a save leaves the event PENDING; the job's lock expires and it runs again. The domain's
//     ordering rule (3.7) makes the replayed event a no-op for the item (STALE), so nothing is applied
//     twice. Because a replay cannot tell whether the first attempt queued its syncs, a replay (any attempt
//     after the first) always queues them from the stored state; rows are coalesced, so this is harmless.
//   - The outcome is written last: an APPLIED event whose job runs again only re-queues its syncs.
import type { PrismaClient } from "@prisma/client";
import { applyWarehouseEvent, sameItem, type ItemState, type SyncTrigger } from "../../domain";
import { getCustomerPrefs, touchCustomerWebhook } from "../db/customers";
import { PermanentJobError } from "../jobs/errors";
import type { JobQueue } from "../jobs/types";
import type { Logger } from "../logger";
import type { WhiplashClient } from "../whiplash/client";
import { parseWhiplashWebhook } from "../whiplash/payloads";
import { upsertShipNotice } from "../db/ship-notices";
import { toWarehouseEvents, type ItemEvents } from "./apply-mapping";
import { enqueueShopSyncs, replayTrigger, type ChangedItem } from "./apply-pending-syncs";
import { repositoryItemStore, type ItemStore } from "./apply-item-store";
import { createEventResolver } from "./apply-resolver";
import type { EventOutcome } from "./intake-store";

export interface ApplyDeps {
  prisma: PrismaClient;
  queue: JobQueue;
  logger: Logger;
  /** The customer's Whiplash client, for incomplete payloads (only built when needed). */
  whiplashClient: (customer: { id: string; whiplashCustomerId: number }) => WhiplashClient;
  items?: ItemStore;
  now?: () => Date;
}

export interface ApplyOptions {
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
  pendingRows: number;
  replay?: boolean;
}

const OPEN = ["PENDING", "FAILED"];

/** Marks the outcome only while the event is still open, so a late attempt cannot overwrite a final one. */
export async function markOutcome(prisma: PrismaClient, id: string, outcome: EventOutcome, detail: string | null, at: Date): Promise<void> {
  await prisma.inboundEvent.updateMany({ where: { id, outcome: { in: OPEN } }, data: { outcome, outcomeDetail: detail, processedAt: at } });
}

export async function applyWhiplashEvent(deps: ApplyDeps, eventId: string, options: ApplyOptions = {}): Promise<ApplyOutput> {
  const { prisma } = deps;
  const items = deps.items ?? repositoryItemStore(prisma);
  const now = deps.now ?? (() => new Date());
  const event = await prisma.inboundEvent.findUnique({ where: { id: eventId } });
  if (!event) return { outcome: "MISSING", items: 0, pendingRows: 0 };
  const log = deps.logger.child({ eventId, topic: event.topic, customer: event.customerId });
  const customer = event.customerId ? await prisma.customer.findUnique({ where: { id: event.customerId } }) : null;
  const prefs = customer ? await getCustomerPrefs(prisma, customer.id) : null;
  if (!customer || !prefs) {
    await markOutcome(prisma, eventId, "UNUSED", "no connected customer", now());
    return { outcome: "UNUSED", items: 0, pendingRows: 0 };
  }

  if (event.outcome === "APPLIED") {
    // Applied and recorded, then stopped before the job completed: queue the syncs again (coalesced).
    const detail = JSON.parse(event.outcomeDetail ?? '{"items":[]}') as AppliedDetail;
    const changed = await reload(items, customer.id, detail.items.filter((i) => i.outcome === "APPLIED").map((i) => i.whiplashItemId));
    const fan = await enqueueShopSyncs(prisma, deps.queue, customer.id, prefs, changed);
    return { outcome: "APPLIED", items: changed.length, pendingRows: fan.rows, replay: true };
  }
  if (!OPEN.includes(event.outcome)) return { outcome: event.outcome as EventOutcome, items: 0, pendingRows: 0 };

  const parsed = parseWhiplashWebhook(safeJson(event.rawBody));
  if (parsed.status !== "known") {
    const outcome = parsed.status === "unknown" ? "UNUSED" : "INVALID";
    await markOutcome(prisma, eventId, outcome, parsed.status === "invalid" ? parsed.reason : null, now());
    return { outcome, items: 0, pendingRows: 0 };
  }

  let perItem: ItemEvents[];
  try {
    const resolver = createEventResolver(prisma, items, customer.id, () => deps.whiplashClient(customer));
    perItem = await toWarehouseEvents(parsed.event, resolver);
  } catch (error) {
    if (error instanceof PermanentJobError || (error as { retriable?: boolean }).retriable === false) {
      await markOutcome(prisma, eventId, "FAILED", (error as Error).message, now());
    }
    throw error;
  }

  if (parsed.event.kind === "shipnotice") {
    const n = parsed.event.shipnotice;
    if (n.warehouse_id != null && n.status != null && n.updated_at) {
      await upsertShipNotice(prisma, customer.id, { whiplashId: n.id, warehouseId: n.warehouse_id, status: n.status, at: new Date(n.updated_at) });
    }
  }

  const detail: AppliedDetail = { items: [], ...(options.replay ? { replay: true } : {}) };
  const toQueue: ChangedItem[] = [];
  for (const entry of perItem) {
    const record =
      (await items.load(customer.id, entry.whiplashItemId)) ??
      (await items.create(customer.id, { whiplashItemId: entry.whiplashItemId, sku: entry.sku ?? "", title: entry.title ?? undefined }));
    let state: ItemState = record.state;
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
    if (!sameItem(record.state, state)) await items.save(customer.id, record, state);
    detail.items.push({
      whiplashItemId: entry.whiplashItemId,
      itemId: record.id,
      outcome: applied ? "APPLIED" : "STALE",
      sellout,
      ...(processOrders === undefined ? {} : { processOrders }),
    });
    if (applied) toQueue.push({ itemId: record.id, state, trigger: trigger(sellout) });
    else if (options.replay) toQueue.push({ itemId: record.id, state, trigger: replayTrigger(state) });
  }

  const fan = await enqueueShopSyncs(prisma, deps.queue, customer.id, prefs, toQueue);
  const outcome: EventOutcome = detail.items.some((i) => i.outcome === "APPLIED") ? "APPLIED" : "STALE";
  await markOutcome(prisma, eventId, outcome, JSON.stringify(detail), now());
  // The settings page shows whether signed webhooks arrive; one write per minute at most.
  if (!customer.lastWebhookAt || customer.lastWebhookAt.getTime() < event.receivedAt.getTime() - 60_000) {
    await touchCustomerWebhook(prisma, customer.id, event.receivedAt);
  }
  log.debug("whiplash event applied", { outcome, items: perItem.length, pendingRows: fan.rows, replay: options.replay ?? false });
  return { outcome, items: perItem.length, pendingRows: fan.rows, ...(options.replay ? { replay: true } : {}) };
}

/**
 * SELLOUT when the domain says this event sold the item out (covering automation switching Process
 * Orders off in the same step): the writer publishes that final 0 though orders are no longer processed.
 */
function trigger(sellout: boolean): SyncTrigger {
  return sellout ? "SELLOUT" : "WEBHOOK";
}

async function reload(items: ItemStore, customerId: string, whiplashIds: number[]): Promise<ChangedItem[]> {
  const out: ChangedItem[] = [];
  for (const id of whiplashIds) {
    const record = await items.load(customerId, id);
    if (record) out.push({ itemId: record.id, state: record.state, trigger: replayTrigger(record.state) });
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

