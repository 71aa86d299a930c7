// Stores Whiplash webhooks and enqueues their jobs, deduplicated on the body hash, with group commit:
// requests arriving together are written in one transaction (a multi-row
// `INSERT ... ON CONFLICT DO NOTHING RETURNING id` for the events, then one job per event actually
// inserted, and the stored ids of the batch's duplicates), so a burst costs a few commits instead of one
// per webhook, and SQLite's single writer is not the bottleneck of the intake. An event and its job still
// commit together: a 200 is only sent after that commit. The transaction is the queue's (jobs/event-jobs.ts):
// on SQLite a batch that never rolls back (see prisma-job-queue.ts for why that matters), one at a time; on
// PostgreSQL one statement with pg-boss's insert inside it, two batches in flight.
import { createHash, randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { dialectOf } from "../db/dialect";
import { eventIdsByDedupeKey, insertEventsSql, storedEventIdsSql } from "../db/inbound-events";
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
  private inFlight = 0;
  private waiting = false;

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
   * Up to `queue.batchesInFlight` writer loops (one on SQLite): while a batch commits, new requests queue
   * up and go in the next one. A batch waits one event-loop turn so requests that arrived together share it.
   */
  private kick(): void {
    if (this.waiting || this.inFlight >= this.queue.batchesInFlight) return;
    this.inFlight++;
    this.waiting = true;
    void (async () => {
      await new Promise((r) => setImmediate(r));
      this.waiting = false;
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          await this.write(batch);
        } catch (error) {
          for (const e of batch) e.reject(error);
        }
      }
    })().finally(() => {
      this.inFlight--;
      if (this.pending.length > 0) this.kick();
    });
  }

  private async write(batch: Entry[]): Promise<void> {
    // Sorted by dedupe key: two batches in flight (PostgreSQL) then take the unique index's locks in the
    // same order, so one may wait for the other but they never deadlock.
    const ordered = [...batch].sort((a, b) => (a.dedupeKey < b.dedupeKey ? -1 : a.dedupeKey > b.dedupeKey ? 1 : 0));
    const rows = ordered.map(({ id, dedupeKey, input }) => ({
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
    const toEnqueue = ordered.filter((e) => e.input.enqueue).map((e) => e.id);
    const result = await this.queue.insertEventsWithJobs(
      this.prisma,
      { insertEvents: insertEventsSql(rows), count: rows.length, storedEvents: storedEventIdsSql(dialectOf(this.prisma), WHIPLASH_SOURCE, rows.map((r) => r.dedupeKey)) },
      WHIPLASH_EVENT_JOB,
      toEnqueue,
    );
    const inserted = new Set(result.inserted);

    // Duplicates (of an earlier webhook, or of another one in this batch) answer with the first event's id:
    // the batch's own inserts and what the statement saw; a key stored by a batch that committed meanwhile
    // (another in flight, another process) is looked up again.
    const idByKey = new Map(result.stored);
    for (const e of batch) if (inserted.has(e.id)) idByKey.set(e.dedupeKey, e.id);
    const missing = batch.filter((e) => !idByKey.has(e.dedupeKey)).map((e) => e.dedupeKey);
    if (missing.length > 0) for (const [key, id] of await eventIdsByDedupeKey(this.prisma, WHIPLASH_SOURCE, missing)) idByKey.set(key, id);
    for (const e of batch) {
      if (inserted.has(e.id)) e.resolve({ eventId: e.id, duplicate: false, queued: e.input.enqueue });
      else e.resolve({ eventId: idByKey.get(e.dedupeKey) ?? "", duplicate: true, queued: false });
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
