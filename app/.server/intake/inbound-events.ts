// Stores a Shopify webhook as an InboundEvent (dedupe on X-Shopify-Webhook-Id) and, in the same
// transaction, the job that will act on it (the queue's EventJobs port). A redelivery finds the event and
// inserts nothing, so the work is applied once; a crash between the two writes cannot happen.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import type { EventJobs } from "../jobs/event-jobs";
import type { SendOptions } from "../jobs/types";
import { findInboundEventByKey, insertInboundEventStatement, markOutcome, type InboundOutcome } from "../db/inbound-events";

export const SHOPIFY_SOURCE = "SHOPIFY";

export interface ShopifyEventInput {
  topic: string;
  shop: string;
  webhookId: string;
  payload: unknown;
  /** The job to queue with the event (not queued when the event is a duplicate). */
  job?: { name: string; data: unknown; options?: SendOptions };
}

export interface RecordedEvent {
  /** The stored event's id (the earlier one for a duplicate). */
  eventId: string;
  /** True when this webhook id was already stored. */
  duplicate: boolean;
  /** Outcome of the stored event (PENDING for a new one or one whose processing did not finish). */
  outcome: string;
}

export async function recordShopifyEvent(
  prisma: PrismaClient,
  queue: Pick<EventJobs, "insertEventWithJob">,
  input: ShopifyEventInput,
  now: Date = new Date(),
): Promise<RecordedEvent> {
  const id = randomUUID();
  const event = {
    source: SHOPIFY_SOURCE,
    topic: input.topic,
    dedupeKey: input.webhookId,
    rawBody: JSON.stringify(input.payload ?? null),
    shopId: input.shop,
    receivedAt: now,
  };
  // One transaction: the event and its job are stored together or not at all.
  const inserted = await queue.insertEventWithJob(prisma, id, (db) => insertInboundEventStatement(db, id, event), input.job);
  if (inserted) return { eventId: id, duplicate: false, outcome: "PENDING" };
  const existing = await findInboundEventByKey(prisma, SHOPIFY_SOURCE, input.webhookId);
  return { eventId: existing.id, duplicate: true, outcome: existing.outcome };
}

/** Records what became of an event (APPLIED, STALE, UNUSED, ...) once it has been acted on. */
export async function settleEvent(
  prisma: PrismaClient,
  eventId: string,
  outcome: string,
  detail: string | null = null,
  now: Date = new Date(),
): Promise<void> {
  await markOutcome(prisma, eventId, outcome as InboundOutcome, detail, now);
}
