// The job queue a test database runs in production: PrismaJobQueue on SQLite, PgBossQueue on
// PostgreSQL (the postgres leg of the matrix). PgBossQueue instances are stopped before the database is
// dropped (createTestDb's drop is wrapped), so no pooled connection outlives its database.
// `listJobs` reads the stored jobs of either backend for assertions.
import type { BackoffOptions } from "../../app/.server/jobs/backoff";
import type { AppJobQueue } from "../../app/.server/jobs/event-jobs";
import { PgBossQueue } from "../../app/.server/jobs/pg-boss-queue";
import { PrismaJobQueue, toJob } from "../../app/.server/jobs/prisma-job-queue";
import type { JobState } from "../../app/.server/jobs/types";
import type { TestDb } from "./test-db";

export interface TestQueueOptions {
  now?: () => Date;
  backoff?: BackoffOptions;
}

const open = new WeakMap<TestDb, PgBossQueue[]>();

export function createTestQueue(db: TestDb, options: TestQueueOptions = {}): AppJobQueue {
  if (db.backend === "sqlite") return new PrismaJobQueue(db.prisma, options);
  const queue = new PgBossQueue({ connectionString: db.url, max: 4, ...options });
  let queues = open.get(db);
  if (!queues) {
    queues = [];
    open.set(db, queues);
    const drop = db.drop.bind(db);
    db.drop = async () => {
      await Promise.all(queues!.map((q) => q.stop()));
      await drop();
    };
  }
  queues.push(queue);
  return queue;
}

/** A stored job, as tests look at it (the same fields on both backends). */
export interface StoredJob {
  id: string;
  name: string;
  data: unknown;
  state: JobState;
  singletonKey: string | null;
  shopId: string | null;
  retryCount: number;
  lastError: string | null;
  startAfter: Date;
}

export interface JobFilter {
  name?: string;
  shopId?: string;
  states?: JobState[];
  singletonKey?: string;
}

/** The jobs stored in a test database, oldest first. */
export async function listJobs(db: TestDb, filter: JobFilter = {}): Promise<StoredJob[]> {
  if (db.backend === "sqlite") {
    const rows = await db.prisma.job.findMany({
      where: {
        ...(filter.name ? { name: filter.name } : {}),
        ...(filter.shopId ? { shopId: filter.shopId } : {}),
        ...(filter.states ? { state: { in: filter.states } } : {}),
        ...(filter.singletonKey ? { singletonKey: filter.singletonKey } : {}),
      },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((r) => pick(toJob(r)));
  }
  const rows = await db.prisma.$queryRawUnsafe<
    Array<{ id: string; name: string; data: { payload: unknown; shopId: string | null } | null; state: JobState; singleton_key: string | null; retry_count: number; output: { lastError?: string } | null; start_after: Date }>
  >(
    `SELECT id::text AS id, name, data, state::text AS state, singleton_key, retry_count, output, start_after FROM pgboss.job
     WHERE ($1::text IS NULL OR name = $1) AND ($2::text IS NULL OR data->>'shopId' = $2)
       AND ($3::text[] IS NULL OR state::text = ANY($3::text[])) AND ($4::text IS NULL OR singleton_key = $4)
     ORDER BY created_on, id`,
    filter.name ?? null,
    filter.shopId ?? null,
    filter.states ?? null,
    filter.singletonKey ?? null,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    data: r.data?.payload ?? null,
    state: r.state,
    singletonKey: r.singleton_key,
    shopId: r.data?.shopId ?? null,
    retryCount: r.retry_count,
    lastError: r.output?.lastError ?? null,
    startAfter: r.start_after,
  }));
}

export async function countJobs(db: TestDb, filter: JobFilter = {}): Promise<number> {
  return (await listJobs(db, filter)).length;
}

function pick(job: ReturnType<typeof toJob>): StoredJob {
  return {
    id: job.id,
    name: job.name,
    data: job.data,
    state: job.state,
    singletonKey: job.singletonKey,
    shopId: job.shopId,
    retryCount: job.retryCount,
    lastError: job.lastError,
    startAfter: job.startAfter,
  };
}

/** Deletes every stored job, or every job of one name (a test starting from a clean queue). */
export async function deleteAllJobs(db: TestDb, name?: string): Promise<void> {
  if (db.backend === "sqlite") await db.prisma.job.deleteMany({ where: name ? { name } : {} });
  else await db.prisma.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE $1::text IS NULL OR name = $1`, name ?? null);
}
