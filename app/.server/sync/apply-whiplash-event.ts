// The "whiplash-event" job: apply one stored Whiplash webhook.
//   stored event -> domain WarehouseEvents per item (apply-mapping.ts, may re-read Whiplash)
//   -> in ONE transaction: load each item, applyWarehouseEvent (the domain core), save, mark the event's
//      outcome (APPLIED / STALE) with what changed
//   -> pending syncs for every connected shop + the shop's writer job (apply-pending-syncs.ts).
// Idempotent: the item save and the event outcome commit together, so a crash leaves either nothing or
// both; a re-run of an APPLIED event only redoes the (idempotent) pending-sync step from the stored
// outcome. The domain's ordering rule (3.7) makes even a replayed event a no-op for quantities.
import type { PrismaClient } from "@prisma/client";
import { applyWarehouseEvent, sameItem, type CustomerPrefs, type ItemState, type SyncTrigger } from "../../domain";
import { PermanentJobError } from "../jobs/errors";
import type { JobQueue } from "../jobs/types";
import type { Logger } from "../logger";
import type { WhiplashClient } from "../whiplash/client";
import { parseWhiplashWebhook } from "../whiplash/payloads";
import { toWarehouseEvents, COMPLETED_STATUS } from "./apply-mapping";
import { customerPrefsOf, enqueueShopSyncs, type ChangedItem } from "./apply-pending-syncs";
import { prismaItemStore, type ItemStore, type Tx } from "./apply-item-store";
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

/** What an applied event changed, kept in InboundEvent.outcomeDetail (JSON). */
export interface AppliedDetail {
  items: Array<{ whiplashItemId: number; itemId: string; outcome: "APPLIED" | "STALE"; sellout: boolean; processOrders?: boolean }>;
}

export interface ApplyOutput {
  outcome: EventOutcome | "MISSING";
  items: number;
  pendingRows: number;
  recovered?: boolean;
}

/** Marks an event's outcome (only while it is still open, so a late retry cannot overwrite it). */
export async function markOutcome(db: PrismaClient | Tx, id: string, outcome: EventOutcome, detail: string | null, at: Date) {
  await db.inboundEvent.updateMany({
    where: { id, outcome: { in: ["PENDING", "FAILED"] } },
    data: { outcome, outcomeDetail: detail, processedAt: at },
  });
}

export async function applyWhiplashEvent(deps: ApplyDeps, eventId: string): Promise<ApplyOutput> {
  const { prisma } = deps;
  const items = deps.items ?? prismaItemStore;
  const now = deps.now ?? (() => new Date());
  const event = await prisma.inboundEvent.findUnique({ where: { id: eventId } });
  if (!event) return { outcome: "MISSING", items: 0, pendingRows: 0 };
  const log = deps.logger.child({ eventId, topic: event.topic, customer: event.customerId });
  if (event.source !== "whiplash" || !event.customerId) {
    await markOutcome(prisma, eventId, "UNUSED", "no customer", now());
    return { outcome: "UNUSED", items: 0, pendingRows: 0 };
  }
  const customer = await prisma.customer.findUnique({ where: { id: event.customerId } });
  if (!customer) {
    await markOutcome(prisma, eventId, "UNUSED", "customer no longer connected", now());
    return { outcome: "UNUSED", items: 0, pendingRows: 0 };
  }
  const prefs = customerPrefsOf(customer);

  if (event.outcome === "APPLIED") {
    // A previous run committed the item changes, then stopped before (or while) queueing the syncs.
    const detail = JSON.parse(event.outcomeDetail ?? '{"items":[]}') as AppliedDetail;
    const changed = await reloadChanged(items, prisma, customer.id, detail);
    const fan = await enqueueShopSyncs(prisma, deps.queue, customer.id, prefs, changed);
    return { outcome: "APPLIED", items: changed.length, pendingRows: fan.rows, recovered: true };
  }
  if (event.outcome !== "PENDING" && event.outcome !== "FAILED") {
    return { outcome: event.outcome as EventOutcome, items: 0, pendingRows: 0 };
  }

  const parsed = parseWhiplashWebhook(safeJson(event.rawBody));
  if (parsed.status !== "known") {
    await markOutcome(prisma, eventId, parsed.status === "unknown" ? "UNUSED" : "INVALID", parsed.status === "invalid" ? parsed.reason : null, now());
    return { outcome: parsed.status === "unknown" ? "UNUSED" : "INVALID", items: 0, pendingRows: 0 };
  }

  // Outside the transaction: may call Whiplash (network) for an incomplete payload.
  let perItem;
  try {
    const resolver = createEventResolver(prisma, items, customer.id, () => deps.whiplashClient(customer));
    perItem = await toWarehouseEvents(parsed.event, resolver);
  } catch (error) {
    if (error instanceof PermanentJobError || (error as { retriable?: boolean }).retriable === false) {
      await markOutcome(prisma, eventId, "FAILED", (error as Error).message, now());
    }
    throw error;
  }

  const applied = await prisma.$transaction(async (tx) => {
    const detail: AppliedDetail = { items: [] };
    const changed: ChangedItem[] = [];
    for (const entry of perItem) {
      const record =
        (await items.load(tx, customer.id, entry.whiplashItemId)) ??
        (await items.create(tx, customer.id, {
          whiplashItemId: entry.whiplashItemId,
          sku: entry.sku ?? "",
          title: entry.title ?? "",
        }));
      let state: ItemState = record.state;
      let anyApplied = false;
      let sellout = false;
      let processOrders: boolean | undefined;
      for (const warehouseEvent of entry.events) {
        const r = applyWarehouseEvent(state, warehouseEvent, prefs);
        state = r.item;
        anyApplied ||= r.outcome === "APPLIED";
        sellout ||= r.sellout;
        if (r.processOrdersChange) processOrders = r.processOrdersChange.to;
      }
      if (!sameItem(record.state, state)) await items.save(tx, customer.id, record, state);
      detail.items.push({
        whiplashItemId: entry.whiplashItemId,
        itemId: record.id,
        outcome: anyApplied ? "APPLIED" : "STALE",
        sellout,
        ...(processOrders === undefined ? {} : { processOrders }),
      });
      if (anyApplied) changed.push({ itemId: record.id, state, trigger: syncTrigger(sellout) });
    }
    if (parsed.event.kind === "shipnotice") await recordShipNotice(tx, customer.id, parsed.event.shipnotice);
    const outcome: EventOutcome = changed.length > 0 ? "APPLIED" : "STALE";
    await markOutcome(tx, eventId, outcome, JSON.stringify(detail), now());
    return { outcome, changed };
  });

  const fan = await enqueueShopSyncs(prisma, deps.queue, customer.id, prefs, applied.changed);
  await noteWebhookArrival(prisma, customer.id, event.receivedAt);
  log.debug("whiplash event applied", { outcome: applied.outcome, items: perItem.length, pendingRows: fan.rows });
  return { outcome: applied.outcome, items: perItem.length, pendingRows: fan.rows };
}

/**
 * SELLOUT when the domain says the event sold the item out (it then also covers automation switching
 * Process Orders off in the same step): the writer publishes that final 0 even though the item no longer
 * processes orders (rule 3.4).
 */
function syncTrigger(sellout: boolean): SyncTrigger {
  return sellout ? "SELLOUT" : "WEBHOOK";
}

async function reloadChanged(items: ItemStore, prisma: PrismaClient, customerId: string, detail: AppliedDetail): Promise<ChangedItem[]> {
  const out: ChangedItem[] = [];
  for (const entry of detail.items) {
    if (entry.outcome !== "APPLIED") continue;
    const record = await items.load(prisma, customerId, entry.whiplashItemId);
    if (record) out.push({ itemId: record.id, state: record.state, trigger: syncTrigger(entry.sellout) });
  }
  return out;
}

/** Keeps the notice's own status current (newest update wins). */
async function recordShipNotice(
  tx: Tx,
  customerId: string,
  notice: { id: number; warehouse_id?: number | null; status?: number | null; updated_at?: string | null },
) {
  if (notice.warehouse_id == null || notice.status == null || !notice.updated_at) return;
  const at = new Date(notice.updated_at);
  const existing = await tx.shipNotice.findUnique({ where: { customerId_whiplashId: { customerId, whiplashId: notice.id } } });
  if (!existing) {
    await tx.shipNotice.create({ data: { customerId, whiplashId: notice.id, warehouseId: notice.warehouse_id, status: notice.status, lastEventAt: at } });
  } else if (!existing.lastEventAt || existing.lastEventAt < at) {
    // Completion is grow-only: a late "in transit" update cannot reopen a completed notice.
    const status = existing.status === COMPLETED_STATUS ? COMPLETED_STATUS : notice.status;
    await tx.shipNotice.update({ where: { id: existing.id }, data: { status, warehouseId: notice.warehouse_id, lastEventAt: at } });
  }
}

/** Customer.lastWebhookAt (the settings page shows whether webhooks arrive); written at most once a minute. */
async function noteWebhookArrival(prisma: PrismaClient, customerId: string, at: Date) {
  await prisma.customer.updateMany({
    where: { id: customerId, OR: [{ lastWebhookAt: null }, { lastWebhookAt: { lt: new Date(at.getTime() - 60_000) } }] },
    data: { lastWebhookAt: at },
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type { CustomerPrefs };
