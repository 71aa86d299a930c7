// The process's job queue (routes and the worker import this one).
//
// Today every deployment uses PrismaJobQueue on the app's Prisma client: on SQLite (the default) and on
// PostgreSQL, where its statements run as written per dialect (db/dialect.ts) and intake stores an event
// and its job in one transaction exactly as on SQLite. PgBossQueue (jobs/pg-boss-queue.ts) passes the
// same queue contract on PostgreSQL, but intake does not yet enqueue through its in-transaction seam
// (sendWithin / sendManyWithin, docs/decisions/0006-pg-boss-queue.md): until it does, choosing it would
// make every webhook fail, so it is not selectable here.
import prisma from "../../db.server";
import { PrismaJobQueue } from "../jobs/prisma-job-queue";

export function createAppJobQueue(): PrismaJobQueue {
  return new PrismaJobQueue(prisma);
}

export const jobQueue = createAppJobQueue();
