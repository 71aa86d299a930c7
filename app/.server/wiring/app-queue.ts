// The process's job queue (routes and the worker import this one), by database:
// - SQLite (the default): PrismaJobQueue on the app's Prisma client (the `Job` table).
// - PostgreSQL (DATABASE_URL postgresql://): PgBossQueue on pg-boss's schema in the same database, with
//   its own small pool. Intake stores an event and its job in one Prisma transaction through the queue's
//   EventJobs port (jobs/event-jobs.ts), whichever queue it is. docs/decisions/0006-pg-boss-queue.md.
// pg-boss starts once per process, lazily (the first call waits for it); `stopAppJobQueue` ends it at
// shutdown (the worker does; the web server's process exit drops its connections).
import prisma from "../../db.server";
import { env } from "../env";
import type { AppJobQueue } from "../jobs/event-jobs";
import { isPostgresUrl, PgBossQueue } from "../jobs/pg-boss-queue";
import { PrismaJobQueue } from "../jobs/prisma-job-queue";

export function createAppJobQueue(databaseUrl: string = env().DATABASE_URL): AppJobQueue {
  if (isPostgresUrl(databaseUrl)) return new PgBossQueue({ connectionString: databaseUrl });
  return new PrismaJobQueue(prisma);
}

export const jobQueue: AppJobQueue = createAppJobQueue();

/** Ends pg-boss (and its pool) at shutdown; nothing to do for the SQLite queue. */
export async function stopAppJobQueue(): Promise<void> {
  if (jobQueue instanceof PgBossQueue) await jobQueue.stop();
}
