// Stores Whiplash webhooks and enqueues their jobs, deduplicated on the body hash, with group commit:
// requests arriving together are written in one transaction of two statements (a multi-row
// `INSERT ... ON CONFLICT DO NOTHING RETURNING id` for the events, then one job per event actually
// inserted), so a burst costs a few commits instead of one per webhook, and SQLite's single writer is
// not the bottleneck of the intake. An event and its job still commit together: a 200 is only sent after
// that commit. The transaction is the queue's (jobs/event-jobs.ts): on SQLite a batch that never rolls back
// (see prisma-job-queue.ts for why that matters), on PostgreSQL pg-boss enqueueing inside it.
import { createHash, randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { eventIdsByDedupeKey, insertEventsSql } from "../db/inbound-events";
import type { EventJobs } from "../jobs/event-jobs";
import { WHIPLASH_EVENT_JOB } from "../jobs/registry";

export const WHIPLASH_SOURCE = "whiplash";

/** Inbound event outcomes (InboundEvent.outcome). */
export type EventOutcome = "PENDING" | "APPLIED" | "STALE" | "UNUSED" | "INVALID" | "FAILED";

export function bodyHash(raw: Uint8Array): string {
  return createHash("sha256").update(raw).digest("hex");
}

export interface StoreEventInput {
  rawBody: Uint8Array;
  topic: string;
  customerId: string | null;
  outcome: EventOutcome;
  outcomeDetail?: string | null;
  /** Enqueue a `whiplash-event` job with it (only for PENDING events). */
  enqueue: boolean;
  receivedAt: Date;
}

export interface StoredEvent {
  eventId: string;
  duplicate: boolean;
  /** A whiplash-event job was stored with it. */
  queued: boolean;
}

interface Entry {
  id: string;
  dedupeKey: string;
  input: StoreEventInput;
  resolve(stored: StoredEvent): void;
  reject(error: unknown): void;
}

/** Rows per transaction (11 bound values per row; SQLite allows 32766). */
const MAX_BATCH = 500;

export class EventStore {
  private pending: Entry[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly queue: EventJobs,
  ) {}

  store(input: StoreEventInput): Promise<StoredEvent> {
    return new Promise<StoredEvent>((resolve, reject) => {
      this.pending.push({ id: randomUUID(), dedupeKey: bodyHash(input.rawBody), input, resolve, reject });
      this.kick();
    });
  }

  /**
   * One writer loop: while a batch commits, new requests queue up and go in the next one. The first
   * batch waits one event-loop turn so requests that arrived together share it.
   */
  private kick(): void {
    if (this.flushing) return;
    this.flushing = (async () => {
      await new Promise((r) => setImmediate(r));
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          await this.write(batch);
        } catch (error) {
          for (const e of batch) e.reject(error);
        }
      }
    })().finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) this.kick();
    });
  }

  private async write(batch: Entry[]): Promise<void> {
    const rows = batch.map(({ id, dedupeKey, input }) => ({
      id,
      source: WHIPLASH_SOURCE,
      topic: input.topic,
      dedupeKey,
      rawBody: Buffer.from(input.rawBody).toString("utf8"),
      customerId: input.customerId,
      receivedAt: input.receivedAt,
      outcome: input.outcome,
      outcomeDetail: input.outcomeDetail ?? null,
      processedAt: input.outcome !== "PENDING" ? input.receivedAt : null,
    }));
    const toEnqueue = batch.filter((e) => e.input.enqueue).map((e) => e.id);
    const stored = await this.queue.insertEventsWithJobs(this.prisma, insertEventsSql(rows), WHIPLASH_EVENT_JOB, toEnqueue);
    const inserted = new Set(stored.map((r) => r.id));

    // Duplicates (of an earlier webhook, or of another one in this batch) answer with the first event's id.
    const duplicates = batch.filter((e) => !inserted.has(e.id));
    const firstIds =
      duplicates.length > 0 ? await eventIdsByDedupeKey(this.prisma, WHIPLASH_SOURCE, duplicates.map((d) => d.dedupeKey)) : new Map<string, string>();
    for (const e of batch) {
      if (inserted.has(e.id)) e.resolve({ eventId: e.id, duplicate: false, queued: e.input.enqueue });
      else e.resolve({ eventId: firstIds.get(e.dedupeKey) ?? "", duplicate: true, queued: false });
    }
  }
}

const stores = new WeakMap<PrismaClient, EventStore>();

/** The process's event store for a Prisma client (one group-commit loop per database). */
export function eventStoreFor(prisma: PrismaClient, queue: EventJobs): EventStore {
  let store = stores.get(prisma);
  if (!store) {
    store = new EventStore(prisma, queue);
    stores.set(prisma, store);
  }
  return store;
}

export function storeWhiplashEvent(prisma: PrismaClient, queue: EventJobs, input: StoreEventInput): Promise<StoredEvent> {
  return eventStoreFor(prisma, queue).store(input);
}
