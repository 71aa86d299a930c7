// What one claimed batch of whiplash-event jobs works on (apply-whiplash-event.ts): the stored events,
// their customers, an item cache shared by the mapping and the application, and the per-event
// results and outcomes the steps fill in.
import type { Customer, PrismaClient } from "@prisma/client";
import type { CustomerPrefs } from "../../domain";
import { getCustomerRows, toCustomerPrefs } from "../db/customers";
import { getInboundEvents, isOpenOutcome, type InboundEventRecord } from "../db/inbound-events";
import type { JobQueue } from "../jobs/types";
import type { Logger } from "../logger";
import type { WhiplashClient } from "../whiplash/client";
import type { EventOutcome } from "../intake/whiplash-intake-store";
import type { ItemEvents } from "./apply-mapping";
import type { ItemRecord, ItemStore } from "./apply-item-store";

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
  /** `tie`: the event met another with the same time and different content; the item was re-read from Whiplash. */
  items: Array<{ whiplashItemId: number; itemId: string; outcome: "APPLIED" | "STALE"; sellout: boolean; processOrders?: boolean; tie?: boolean }>;
  replay?: boolean;
}

export interface ApplyOutput {
  outcome: EventOutcome | "MISSING";
  items: number;
  replay?: boolean;
}

export type ApplyResult = { ok: true; output: ApplyOutput } | { ok: false; error: unknown };

/** An event that parsed and mapped: its per-item warehouse events, waiting to be applied. */
export interface Work {
  index: number;
  eventId: string;
  replay: boolean;
  customerId: string;
  receivedAt: Date;
  perItem: ItemEvents[];
  detail: AppliedDetail;
  failed?: unknown;
}

export interface BatchCustomer {
  row: Customer;
  prefs: CustomerPrefs;
}

export interface EventOutcomeRow {
  id: string;
  outcome: EventOutcome;
  detail: string | null;
}

export interface Batch {
  requests: ApplyRequest[];
  events: InboundEventRecord[];
  eventsById: Map<string, InboundEventRecord>;
  customers: Map<string, BatchCustomer>;
  /** One per request, in request order. */
  results: ApplyResult[];
  /** Outcomes to write at the end, in one statement per 300 events. */
  outcomes: EventOutcomeRow[];
}

/** Reads the batch's events and their customers (two queries). */
export async function loadBatch(prisma: PrismaClient, requests: ApplyRequest[]): Promise<Batch> {
  const events = await getInboundEvents(prisma, requests.map((r) => r.eventId));
  const customerRows = await getCustomerRows(prisma, [...new Set(events.map((r) => r.customerId).filter((c): c is string => c !== null))]);
  return {
    requests,
    events,
    eventsById: new Map(events.map((r) => [r.id, r])),
    customers: new Map(customerRows.map((c) => [c.id, { row: c, prefs: toCustomerPrefs(c) }])),
    results: new Array(requests.length),
    outcomes: [],
  };
}

export function succeed(batch: Batch, index: number, output: ApplyOutput): void {
  batch.results[index] = { ok: true, output };
}

/** Items loaded in this batch, shared by the mapping and the application (key: customer + Whiplash id). */
export interface BatchItems {
  /** Loads through the cache; create and save go to the real store. */
  store: ItemStore;
  /** After a save: later reads in the batch see the saved record. */
  remember(customerId: string, whiplashItemId: number, record: ItemRecord): void;
}

export function batchItemCache(items: ItemStore): BatchItems & { preload(batch: Batch): Promise<void> } {
  const cache = new Map<string, ItemRecord | null>();
  const key = (customerId: string, whiplashItemId: number) => `${customerId}:${whiplashItemId}`;
  return {
    store: {
      async load(customerId, whiplashItemId) {
        const k = key(customerId, whiplashItemId);
        if (!cache.has(k)) cache.set(k, await items.load(customerId, whiplashItemId));
        return cache.get(k) ?? null;
      },
      create: (customerId, input) => items.create(customerId, input),
      save: (customerId, record, next) => items.save(customerId, record, next),
    },
    remember(customerId, whiplashItemId, record) {
      cache.set(key(customerId, whiplashItemId), record);
    },
    // Every item the batch's open events name, one query per customer instead of one per item.
    async preload(batch) {
      if (!items.loadMany) return;
      const wanted = new Map<string, Set<number>>();
      for (const row of batch.events) {
        if (!row.customerId || !batch.customers.has(row.customerId) || !isOpenOutcome(row.outcome)) continue;
        for (const id of namedItemIds(row.rawBody)) wanted.set(row.customerId, (wanted.get(row.customerId) ?? new Set()).add(id));
      }
      for (const [customerId, ids] of wanted) {
        const found = await items.loadMany(customerId, [...ids]);
        for (const id of ids) cache.set(key(customerId, id), found.get(id) ?? null);
      }
    },
  };
}

/** Whiplash item ids a stored body names directly (for preloading; the mapping may still find others). */
function namedItemIds(rawBody: string): number[] {
  const body = safeJson(rawBody) as Record<string, { id?: unknown; item_id?: unknown; shipnotice_items?: Array<{ item_id?: unknown }> }> | undefined;
  if (!body || typeof body !== "object") return [];
  const ids = [body.item?.id, body.shipnotice_item?.item_id, ...(body.shipnotice?.shipnotice_items ?? []).map((l) => l?.item_id)];
  return ids.map((v) => Number(v)).filter((n) => Number.isInteger(n) && n > 0);
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
