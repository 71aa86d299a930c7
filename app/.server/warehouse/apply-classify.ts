// Step 1 of applying a batch of Whiplash events: classify each stored event (missing, no customer,
// already applied, already final, not a known event) and map the rest to per-item warehouse events
// (apply-mapping.ts, which may re-read Whiplash), recording each ship notice's header on the way.
import type { PrismaClient } from "@prisma/client";
import { isOpenOutcome } from "../db/inbound-events";
import { upsertShipNotice } from "../db/ship-notices";
import { describeError, PermanentJobError } from "../jobs/errors";
import type { EventOutcome } from "../intake/whiplash-intake-store";
import { parseWhiplashWebhook, type KnownWhiplashEvent } from "../whiplash/payloads";
import { toWarehouseEvents } from "./apply-mapping";
import { confirmWhiplashOrder } from "./confirm-order";
import { createEventResolver } from "./apply-resolver";
import { safeJson, succeed, type AppliedDetail, type ApplyDeps, type Batch, type BatchItems, type Work } from "./apply-batch";

export interface Classified {
  /** Events to apply. */
  work: Work[];
  /** Events applied and recorded by an earlier attempt that stopped before its job completed:
   *  customer -> Whiplash item ids whose syncs are queued again (coalesced, so harmless). */
  recovered: Map<string, Set<number>>;
}

export async function classifyEvents(deps: ApplyDeps, batch: Batch, items: BatchItems): Promise<Classified> {
  const { prisma } = deps;
  const work: Work[] = [];
  const recovered = new Map<string, Set<number>>();
  for (const [index, request] of batch.requests.entries()) {
    const event = batch.eventsById.get(request.eventId);
    if (!event) {
      succeed(batch, index, { outcome: "MISSING", items: 0 });
      continue;
    }
    const customer = event.customerId ? batch.customers.get(event.customerId) : undefined;
    if (!customer) {
      batch.outcomes.push({ id: event.id, outcome: "UNUSED", detail: "no connected customer" });
      succeed(batch, index, { outcome: "UNUSED", items: 0 });
      continue;
    }
    if (event.outcome === "APPLIED") {
      const detail = JSON.parse(event.outcomeDetail ?? '{"items":[]}') as AppliedDetail;
      const ids = recovered.get(customer.row.id) ?? new Set<number>();
      for (const i of detail.items) if (i.outcome === "APPLIED") ids.add(i.whiplashItemId);
      recovered.set(customer.row.id, ids);
      succeed(batch, index, { outcome: "APPLIED", items: detail.items.length, replay: true });
      continue;
    }
    if (!isOpenOutcome(event.outcome)) {
      succeed(batch, index, { outcome: event.outcome as EventOutcome, items: 0 });
      continue;
    }
    const parsed = parseWhiplashWebhook(safeJson(event.rawBody));
    if (parsed.status !== "known") {
      const outcome = parsed.status === "unknown" ? "UNUSED" : "INVALID";
      batch.outcomes.push({ id: event.id, outcome, detail: parsed.status === "invalid" ? parsed.reason : null });
      succeed(batch, index, { outcome, items: 0 });
      continue;
    }
    if (parsed.event.kind === "order") {
      // Whiplash imported a Shopify order: its units leave "in flight" (rule 3.9). No item changes here;
      // the item event Whiplash sends for the lowered quantity brings the new number.
      const detail = await confirmWhiplashOrder(prisma, customer.row.id, parsed.event, deps.now?.() ?? new Date());
      batch.outcomes.push({ id: event.id, outcome: detail.outcome, detail: detail.detail });
      succeed(batch, index, { outcome: detail.outcome, items: 0 });
      continue;
    }
    try {
      const resolver = createEventResolver(prisma, items.store, customer.row.id, () => deps.whiplashClient(customer.row));
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
        batch.outcomes.push({ id: event.id, outcome: "FAILED", detail: describeError(error) });
      }
      batch.results[index] = { ok: false, error };
    }
  }
  return { work, recovered };
}

/** Keeps a notice's own header (warehouse, status) current; newest update wins, completion is kept. */
async function recordShipNotice(prisma: PrismaClient, customerId: string, event: KnownWhiplashEvent): Promise<void> {
  if (event.kind !== "shipnotice") return;
  const n = event.shipnotice;
  if (n.warehouse_id == null || n.status == null || !n.updated_at) return;
  await upsertShipNotice(prisma, customerId, { whiplashId: n.id, warehouseId: n.warehouse_id, status: n.status, at: new Date(n.updated_at) });
}
