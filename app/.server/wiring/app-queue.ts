// The process's job queue (routes and the worker import this one), chosen by DATABASE_URL:
// PostgreSQL -> PgBossQueue (pg-boss: several app and worker processes on one database);
// anything else (the default SQLite file) -> PrismaJobQueue on the app's Prisma client, exactly as before.
import prisma from "../../db.server";
import { PgBossQueue, isPostgresUrl } from "../jobs/pg-boss-queue";
import { PrismaJobQueue } from "../jobs/prisma-job-queue";

export function createAppJobQueue(databaseUrl: string | undefined): PrismaJobQueue | PgBossQueue {
  // pg-boss installs or migrates its own schema (pgboss) in the same database on first use.
  if (isPostgresUrl(databaseUrl)) return new PgBossQueue({ connectionString: databaseUrl! });
  return new PrismaJobQueue(prisma);
}

const INTAKE_ONLY = new Set<PropertyKey>(["sendStatement", "sendForEventsStatement"]);

/**
 * PlatformDeps.queue is still typed PrismaJobQueue because webhook intake builds its job INSERT with
 * sendStatement/sendForEventsStatement (SQLite). On PostgreSQL every JobQueue method is PgBossQueue's;
 * those two throw until intake enqueues with PgBossQueue.sendWithin / sendManyWithin inside its
 * transaction (docs/decisions/0006-pg-boss-queue.md, "Intake").
 */
export function asPlatformQueue(queue: PrismaJobQueue | PgBossQueue): PrismaJobQueue {
  if (queue instanceof PrismaJobQueue) return queue;
  return new Proxy(queue, {
    get(target, property) {
      if (INTAKE_ONLY.has(property)) {
        return () => {
          throw new Error(`${String(property)} is SQLite-only: on PostgreSQL intake must enqueue with PgBossQueue.sendWithin in its transaction`);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as PrismaJobQueue;
}

/** The concrete queue (PgBossQueue on PostgreSQL, PrismaJobQueue otherwise). */
export const appJobQueue = createAppJobQueue(process.env.DATABASE_URL);
/** The same queue under the type the platform code expects (see asPlatformQueue). */
export const jobQueue = asPlatformQueue(appJobQueue);
