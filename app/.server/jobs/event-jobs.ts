// The intake's port for "store the event(s) and their job(s) in one transaction". Intake calls it and
// never branches on the database; each queue implements it the way its database allows:
// - PrismaJobQueue (SQLite): one transaction of two statements, the job inserted only where its event
//   row exists, so a duplicate adds nothing and nothing ever rolls back (prisma-job-queue.ts says why);
//   the group commit runs straight on the client's connection (db/create-prisma-client.ts
//   sqliteConnection, behind the same gate as Prisma's transactions): Prisma's runtime cost per batch
//   was about a quarter of the intake's CPU.
// - PgBossQueue (PostgreSQL): one transaction on pg-boss's own pool; the jobs go through pg-boss's
//   insert on the same connection, and only for the events the insert really stored.
import type { Prisma, PrismaClient } from "@prisma/client";
import type { Db } from "../db/db-types";
import type { SqlExecutor } from "./pg-boss-queue";
import type { JobQueue, SendOptions } from "./types";

export interface EventJob {
  name: string;
  data: unknown;
  options?: SendOptions;
}

export interface EventJobs {
  /**
   * One transaction: `insertEvents` (an `INSERT ... ON CONFLICT DO NOTHING RETURNING "id"` on the
   * InboundEvent table of `prisma`'s database), then a job `{ eventId }` named `name` for every inserted
   * id listed in `enqueue`. Returns the inserted rows (duplicates are absent and get no job).
   */
  insertEventsWithJobs(prisma: PrismaClient, insertEvents: Prisma.Sql, name: string, enqueue: readonly string[]): Promise<Array<{ id: string }>>;
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
