// The intake's port for "store the event(s) and their job(s) in one transaction". Intake calls it and
// never branches on the database; each queue implements it the way its database allows:
// - PrismaJobQueue (SQLite): one transaction of two statements, the job inserted only where its event
//   row exists, so a duplicate adds nothing and nothing ever rolls back (prisma-job-queue.ts says why);
//   the group commit runs straight on the client's connection (db/create-prisma-client.ts
//   sqliteConnection, behind the same gate as Prisma's transactions): Prisma's runtime cost per batch
//   was about a quarter of the intake's CPU.
// - PgBossQueue (PostgreSQL): one statement on pg-boss's own pool (atomic by itself): the events' insert,
//   pg-boss's own job insert cut to the events it really stored, and the duplicates' stored ids; two
//   batches may run at once (batchesInFlight).
import type { Prisma, PrismaClient } from "@prisma/client";
import type { Db } from "../db/db-types";
import type { SqlExecutor } from "./pg-boss-queue";
import type { JobQueue, SendOptions } from "./types";

export interface EventJob {
  name: string;
  data: unknown;
  options?: SendOptions;
}

/** A group commit's events: their insert, and the dedupe keys whose stored id a duplicate answers with. */
export interface EventBatch {
  /** `INSERT ... ON CONFLICT DO NOTHING RETURNING "id"` on the InboundEvent table of the database. */
  insertEvents: Prisma.Sql;
  /** Rows in `insertEvents`. */
  count: number;
  /** `SELECT "dedupeKey", "id"` of the batch's keys (db/inbound-events.ts storedEventIdsSql). */
  storedEvents: Prisma.Sql;
}

export interface EventBatchResult {
  /** Ids the insert really stored (duplicates are absent and got no job). */
  inserted: string[];
  /**
   * dedupeKey -> id of the stored events with the batch's keys, as the batch saw them (this batch's own
   * inserts may be among them or not). A duplicate's key missing here and from the batch's inserts was
   * stored by a transaction that committed while this one ran (PostgreSQL): look it up again.
   */
  stored: Map<string, string>;
}

/** A row of EventBatch.storedEvents: `id` is null for a key not stored (yet, as the statement saw it). */
export type StoredEventRow = { id: string | null; dedupeKey: string };

export function eventBatchResult(inserted: ReadonlyArray<{ id: string }>, stored: readonly StoredEventRow[]): EventBatchResult {
  const found = new Map<string, string>();
  for (const r of stored) if (r.id !== null) found.set(r.dedupeKey, r.id);
  return { inserted: inserted.map((r) => r.id), stored: found };
}

export interface EventJobs {
  /**
   * One transaction: `batch.insertEvents`, then a job `{ eventId }` named `name` for every inserted id
   * listed in `enqueue`; with it, the stored ids of the batch's duplicates.
   */
  insertEventsWithJobs(prisma: PrismaClient, batch: EventBatch, name: string, enqueue: readonly string[]): Promise<EventBatchResult>;
  /**
   * How many group-commit batches may run at once. SQLite has one writer, so 1; PostgreSQL takes row
   * locks, so a batch can commit while the next one is already on its way.
   */
  readonly batchesInFlight: number;
  /**
   * One transaction: `insertEvent` (1 row, or 0 for a duplicate) of the event `eventId`, then `job` when
   * the event was inserted. Returns whether it was.
   */
  insertEventWithJob(prisma: PrismaClient, eventId: string, insertEvent: (db: Db) => Prisma.PrismaPromise<number>, job?: EventJob): Promise<boolean>;
}

/** What the app and the worker get: the queue, plus the intake port. */
export type AppJobQueue = JobQueue & EventJobs;

/**
 * pg-boss's `db` executor on a Prisma interactive transaction, so pg-boss's statements run inside it.
 * Values pass through as node-postgres would get them (adapter-pg sends them untyped; pg-boss casts).
 */
export function prismaSqlExecutor(tx: Prisma.TransactionClient): SqlExecutor {
  return {
    executeSql: async (text, values = []) => ({ rows: await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values) }),
  };
}
