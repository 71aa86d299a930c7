// JobQueue on the Prisma `Job` table: the SQLite queue. Safe with several processes on one file:
// every state change is a single SQL statement (SQLite runs each under its write lock), so a claim,
// a singleton check-and-insert or a complete cannot interleave with another process's.
// No statement here ever needs a rollback, which matters with the better-sqlite3 adapter: it runs
// every query of the process on one connection, so a rollback would also undo other callers' writes.
// Not for PostgreSQL: there, under READ COMMITTED, its `INSERT ... WHERE NOT EXISTS` singleton check and
// its claim-by-update race between connections (two waiting singletons were seen in CI). PostgreSQL runs
// PgBossQueue (docs/decisions/0006-pg-boss-queue.md); the constructor refuses a PostgreSQL client.
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@prisma/client";
import type { Db } from "../db/db-types";
import { dialectOf } from "../db/dialect";
import { sqliteConnection } from "../db/create-prisma-client";
import { sqliteParams } from "../db/sql-runner";
import { retryDelayMs, type BackoffOptions } from "./backoff";
import { describeError } from "./errors";
import { eventBatchResult, type EventBatch, type EventBatchResult, type EventJob, type EventJobs, type StoredEventRow } from "./event-jobs";
import {
  JOB_STATES,
  type FailOptions,
  type FailResult,
  type FetchOptions,
  type Job,
  type JobCounts,
  type JobQueue,
  type JobState,
  type SendOptions,
} from "./types";

export interface PrismaJobQueueOptions {
  /** Injectable clock: tests move time instead of sleeping. */
  now?: () => Date;
  backoff?: BackoffOptions;
  defaultRetryLimit?: number;
}

type JobRow = {
  id: string;
  name: string;
  data: string;
  state: string;
  priority: number | bigint;
  retryCount: number | bigint;
  retryLimit: number | bigint;
  startAfter: Date;
  lockedBy: string | null;
  lockedUntil: Date | null;
  singletonKey: string | null;
  shopId: string | null;
  lastError: string | null;
  output: string | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
};

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function toJob<T>(row: JobRow): Job<T> {
  return {
    ...row,
    data: parseJson(row.data) as T,
    output: parseJson(row.output),
    state: row.state as JobState,
    priority: Number(row.priority),
    retryCount: Number(row.retryCount),
    retryLimit: Number(row.retryLimit),
  };
}

export class PrismaJobQueue implements JobQueue, EventJobs {
  private readonly now: () => Date;
  private readonly defaultRetryLimit: number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly options: PrismaJobQueueOptions = {},
  ) {
    if (dialectOf(prisma).name !== "sqlite") {
      throw new Error(
        "PrismaJobQueue is the SQLite queue: its singleton check and claim are not safe on PostgreSQL. " +
          "On PostgreSQL use PgBossQueue (app/.server/wiring/app-queue.ts picks it for a postgresql:// DATABASE_URL).",
      );
    }
    this.now = options.now ?? (() => new Date());
    this.defaultRetryLimit = options.defaultRetryLimit ?? 5;
  }

  /** SQLite has a single writer: one group-commit batch at a time. */
  readonly batchesInFlight = 1;

  async insertEventsWithJobs(prisma: PrismaClient, batch: EventBatch, name: string, enqueue: readonly string[]): Promise<EventBatchResult> {
    const jobs = enqueue.length > 0 ? this.sendForEventsSql(name, [...enqueue]) : null;
    const { insertEvents, storedEvents } = batch;
    const connection = sqliteConnection(prisma);
    if (!connection) {
      const inserted = jobs
        ? (await prisma.$transaction([prisma.$queryRaw<Array<{ id: string }>>(insertEvents), prisma.$executeRaw(jobs)]))[0]
        : await prisma.$queryRaw<Array<{ id: string }>>(insertEvents);
      const stored = await prisma.$queryRaw<StoredEventRow[]>(storedEvents);
      return eventBatchResult(inserted, stored);
    }
    // Straight on the client's connection, synchronous from BEGIN IMMEDIATE to COMMIT (nothing else runs
    // in between, and it goes through the gate Prisma's transactions use): the statements never fail on
    // a duplicate (ON CONFLICT DO NOTHING, jobs only for existing rows), so nothing here rolls back
    // other callers' work. Prisma's runtime per batch cost about a quarter of the intake's CPU.
    return connection.run((db) =>
      db
        .transaction(() => {
          const rows = db.prepare(insertEvents.sql).all(...sqliteParams(insertEvents.values)) as Array<{ id: string }>;
          if (jobs) db.prepare(jobs.sql).run(...sqliteParams(jobs.values));
          // Duplicates answer with the stored id: read here, in the same lock, only when there are any.
          const stored = rows.length < batch.count ? (db.prepare(storedEvents.sql).all(...sqliteParams(storedEvents.values)) as StoredEventRow[]) : [];
          return eventBatchResult(rows, stored);
        })
        .immediate(),
    );
  }

  async insertEventWithJob(
    prisma: PrismaClient,
    eventId: string,
    insertEvent: (db: Db) => Prisma.PrismaPromise<number>,
    job?: EventJob,
  ): Promise<boolean> {
    if (!job) return (await insertEvent(prisma)) === 1;
    const { statement } = this.sendStatement(job.name, job.data, { ...job.options, onlyIfEventId: eventId });
    const [inserted] = await prisma.$transaction([insertEvent(prisma), statement]);
    return inserted === 1;
  }

  /**
   * The INSERT for a job as an unexecuted Prisma statement, so a caller can put it in the same
   * `$transaction([...])` as its own write (intake stores the event and its job atomically).
   * `onlyIfEventId`: insert only if that InboundEvent row exists (i.e. was inserted just before,
   * not ignored as a duplicate) — this keeps dedupe free of rollbacks.
   */
  sendStatement<T>(name: string, data: T, options: SendOptions & { id?: string; onlyIfEventId?: string } = {}) {
    const now = this.now();
    const id = options.id ?? randomUUID();
    const singletonKey = options.singletonKey ?? null;
    const conditions: Prisma.Sql[] = [];
    if (singletonKey !== null) {
      conditions.push(
        Prisma.sql`NOT EXISTS (SELECT 1 FROM "Job" WHERE "name" = ${name} AND "singletonKey" = ${singletonKey} AND "state" IN ('created','retry'))`,
      );
    }
    if (options.onlyIfEventId) {
      conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "InboundEvent" WHERE "id" = ${options.onlyIfEventId})`);
    }
    const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
    const d = dialectOf(this.prisma); // typed parameters: a SELECT list does not take its columns' types
    const statement = this.prisma.$executeRaw`
      INSERT INTO "Job" ("id","name","data","state","priority","retryCount","retryLimit","startAfter","singletonKey","shopId","createdAt")
      SELECT ${d.text(id)}, ${d.text(name)}, ${d.text(JSON.stringify(data ?? null))}, 'created', ${d.int(options.priority ?? 0)}, 0,
             ${d.int(options.retryLimit ?? this.defaultRetryLimit)}, ${d.timestamp(options.startAfter ?? now)}, ${d.text(singletonKey)},
             ${d.text(options.shopId ?? null)}, ${d.timestamp(now)}
      ${where}`;
    return { id, statement };
  }

  /**
   * One job `{ eventId }` per listed InboundEvent row that exists, as an unexecuted statement: intake
   * stores a batch of webhooks with ON CONFLICT DO NOTHING, then this inserts jobs only for the rows that
   * were really inserted (ids are fresh, so "exists" means "inserted by us"), in the same transaction.
   */
  sendForEventsSql(name: string, eventIds: string[], options: Pick<SendOptions, "priority" | "retryLimit"> = {}): Prisma.Sql {
    const now = this.now();
    const d = dialectOf(this.prisma);
    return Prisma.sql`
      INSERT INTO "Job" ("id","name","data","state","priority","retryCount","retryLimit","startAfter","singletonKey","shopId","createdAt")
      SELECT ${d.randomId()}, ${d.text(name)}, ${d.jsonObject("eventId", Prisma.sql`e."id"`)}, 'created', ${d.int(options.priority ?? 0)}, 0,
             ${d.int(options.retryLimit ?? this.defaultRetryLimit)}, ${d.timestamp(now)}, NULL, NULL, ${d.timestamp(now)}
      FROM "InboundEvent" e WHERE e."id" IN (${Prisma.join(eventIds)})`;
  }

  async send<T>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    const { id, statement } = this.sendStatement(name, data, options);
    const inserted = await statement;
    return inserted === 1 ? id : null;
  }

  async fetch<T = unknown>(names: string[], { workerId, limit, lockMs }: FetchOptions): Promise<Job<T>[]> {
    if (names.length === 0 || limit <= 0) return [];
    await this.reapExpiredLocks();
    const now = this.now();
    const lockedUntil = new Date(now.getTime() + lockMs);
    // Claim-by-update: one statement picks and locks, so two workers never get the same job.
    // A singleton job is not handed out while its twin is running (one shop writer at a time).
    const rows = await this.prisma.$queryRaw<JobRow[]>`
      UPDATE "Job" SET "state" = 'active', "lockedBy" = ${workerId}, "lockedUntil" = ${lockedUntil}, "startedAt" = ${now}
      WHERE "id" IN (
        SELECT j."id" FROM "Job" j
        WHERE j."name" IN (${Prisma.join(names)}) AND j."state" IN ('created','retry') AND j."startAfter" <= ${now}
          AND (j."singletonKey" IS NULL OR NOT EXISTS (
            SELECT 1 FROM "Job" a WHERE a."name" = j."name" AND a."singletonKey" = j."singletonKey" AND a."state" = 'active'))
        ORDER BY j."priority" DESC, j."startAfter" ASC, j."createdAt" ASC
        LIMIT ${limit})
      RETURNING *`;
    // RETURNING does not keep the inner ORDER BY; hand jobs out oldest first.
    return rows
      .map((r) => toJob<T>(r))
      .sort((a, b) => b.priority - a.priority || a.startAfter.getTime() - b.startAfter.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
  }

  /**
   * A job still "active" after its lock ran out belongs to a worker that died (or hung): it goes back
   * to "retry" (counted as an attempt, so a job that kills its worker every time is dead-lettered).
   * A singleton twin queued while it ran is merged into it (cancelled), as in `fail`: otherwise two
   * jobs of one key would wait and could be handed out together. A dead-lettered job keeps its twin.
   * Both statements commit together under SQLite's write lock, so no send or claim sees half of it.
   */
  async reapExpiredLocks(): Promise<number> {
    const now = this.now();
    const [, reaped] = await this.prisma.$transaction([
      this.prisma.$executeRaw`
        UPDATE "Job" SET "state" = 'cancelled', "completedAt" = ${now},
          "lastError" = 'merged into retry of ' || (
            SELECT x."id" FROM "Job" x WHERE x."name" = "Job"."name" AND x."singletonKey" = "Job"."singletonKey"
              AND x."state" = 'active' AND x."lockedUntil" < ${now} AND x."retryCount" < x."retryLimit" LIMIT 1)
        WHERE "state" IN ('created','retry') AND "singletonKey" IS NOT NULL AND EXISTS (
          SELECT 1 FROM "Job" x WHERE x."name" = "Job"."name" AND x."singletonKey" = "Job"."singletonKey"
            AND x."state" = 'active' AND x."lockedUntil" < ${now} AND x."retryCount" < x."retryLimit")`,
      this.prisma.$executeRaw`
        UPDATE "Job" SET
          "state" = CASE WHEN "retryCount" < "retryLimit" THEN 'retry' ELSE 'failed' END,
          "retryCount" = CASE WHEN "retryCount" < "retryLimit" THEN "retryCount" + 1 ELSE "retryCount" END,
          "lastError" = 'lock expired: the worker stopped before finishing (crash or hang)',
          "lockedBy" = NULL, "lockedUntil" = NULL, "startAfter" = ${now},
          "completedAt" = CASE WHEN "retryCount" < "retryLimit" THEN NULL ELSE ${now} END
        WHERE "state" = 'active' AND "lockedUntil" < ${now}`,
    ]);
    return reaped;
  }

  async extendLock(jobId: string, workerId: string, lockMs: number): Promise<boolean> {
    const until = new Date(this.now().getTime() + lockMs);
    const n = await this.prisma.$executeRaw`
      UPDATE "Job" SET "lockedUntil" = ${until} WHERE "id" = ${jobId} AND "state" = 'active' AND "lockedBy" = ${workerId}`;
    return n === 1;
  }

  async complete(jobId: string, workerId: string, output?: unknown): Promise<boolean> {
    const now = this.now();
    const n = await this.prisma.$executeRaw`
      UPDATE "Job" SET "state" = 'completed', "completedAt" = ${now}, "lockedBy" = NULL, "lockedUntil" = NULL,
        "output" = ${output === undefined ? null : JSON.stringify(output)}
      WHERE "id" = ${jobId} AND "state" = 'active' AND "lockedBy" = ${workerId}`;
    return n === 1;
  }

  async completeMany(jobIds: string[], workerId: string): Promise<number> {
    if (jobIds.length === 0) return 0;
    const now = this.now();
    return this.prisma.$executeRaw`
      UPDATE "Job" SET "state" = 'completed', "completedAt" = ${now}, "lockedBy" = NULL, "lockedUntil" = NULL
      WHERE "id" IN (${Prisma.join(jobIds)}) AND "state" = 'active' AND "lockedBy" = ${workerId}`;
  }

  async fail(jobId: string, workerId: string, error: unknown, options: FailOptions = {}): Promise<FailResult> {
    const job = await this.prisma.job.findUnique({ where: { id: jobId } });
    if (!job || job.state !== "active" || job.lockedBy !== workerId) return "lost";
    const now = this.now();
    const lastError = describeError(error);
    const counted = options.defer ? 0 : 1;
    if (options.permanent || (!options.defer && job.retryCount >= job.retryLimit)) {
      const n = await this.prisma.$executeRaw`
        UPDATE "Job" SET "state" = 'failed', "lastError" = ${lastError}, "completedAt" = ${now}, "lockedBy" = NULL, "lockedUntil" = NULL
        WHERE "id" = ${jobId} AND "state" = 'active' AND "lockedBy" = ${workerId}`;
      return n === 1 ? "failed" : "lost";
    }
    const delay = options.retryAfterMs ?? retryDelayMs(job.retryCount, this.options.backoff);
    const startAfter = new Date(now.getTime() + delay);
    const statements = [
      this.prisma.$executeRaw`
        UPDATE "Job" SET "state" = 'retry', "retryCount" = "retryCount" + ${counted}, "lastError" = ${lastError},
          "startAfter" = ${startAfter}, "lockedBy" = NULL, "lockedUntil" = NULL
        WHERE "id" = ${jobId} AND "state" = 'active' AND "lockedBy" = ${workerId}`,
    ];
    if (job.singletonKey !== null) {
      // A twin queued while this one ran would run at once and skip the backoff; this retry covers its work.
      statements.unshift(this.prisma.$executeRaw`
        UPDATE "Job" SET "state" = 'cancelled', "completedAt" = ${now}, "lastError" = ${"merged into retry of " + jobId}
        WHERE "name" = ${job.name} AND "singletonKey" = ${job.singletonKey} AND "state" IN ('created','retry') AND "id" <> ${jobId}`);
    }
    const results = await this.prisma.$transaction(statements);
    return results.at(-1) === 1 ? "retry" : "lost";
  }

  async cancelByShop(shopId: string): Promise<number> {
    const now = this.now();
    return this.prisma.$executeRaw`
      UPDATE "Job" SET "state" = 'cancelled', "completedAt" = ${now}
      WHERE "shopId" = ${shopId} AND "state" IN ('created','retry')`;
  }

  async countsByState(filter: { name?: string; shopId?: string } = {}): Promise<JobCounts> {
    const groups = await this.prisma.job.groupBy({
      by: ["state"],
      where: { ...(filter.name ? { name: filter.name } : {}), ...(filter.shopId ? { shopId: filter.shopId } : {}) },
      _count: { _all: true },
    });
    const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as JobCounts;
    for (const g of groups) if ((JOB_STATES as readonly string[]).includes(g.state)) counts[g.state as JobState] = g._count._all;
    return counts;
  }

  async getJob<T = unknown>(jobId: string): Promise<Job<T> | null> {
    const row = await this.prisma.job.findUnique({ where: { id: jobId } });
    return row ? toJob<T>(row) : null;
  }

  async listFailed({ shopId, since, limit }: { shopId: string; since: Date; limit: number }): Promise<Job[]> {
    const rows = await this.prisma.job.findMany({
      where: { shopId, state: "failed", completedAt: { gte: since } },
      orderBy: { completedAt: "desc" },
      take: limit,
    });
    return rows.map((r) => toJob(r));
  }

  async retryFailed(jobId: string, shopId: string): Promise<boolean> {
    const now = this.now();
    // Single statements (see the header): a second click finds the job no longer failed and changes nothing.
    // One waiting job per singleton key (as in send): when a twin already waits, it does this work.
    const merged = await this.prisma.$executeRaw`
      UPDATE "Job" SET "state" = 'cancelled', "lastError" = 'retried: merged into the waiting twin'
      WHERE "id" = ${jobId} AND "shopId" = ${shopId} AND "state" = 'failed' AND "singletonKey" IS NOT NULL
        AND EXISTS (SELECT 1 FROM "Job" t WHERE t."name" = "Job"."name" AND t."singletonKey" = "Job"."singletonKey" AND t."state" IN ('created','retry'))`;
    if (merged === 1) return true;
    const n = await this.prisma.$executeRaw`
      UPDATE "Job" SET "state" = 'created', "retryCount" = 0, "startAfter" = ${now}, "completedAt" = NULL
      WHERE "id" = ${jobId} AND "shopId" = ${shopId} AND "state" = 'failed'
        AND ("singletonKey" IS NULL OR NOT EXISTS (
          SELECT 1 FROM "Job" t WHERE t."name" = "Job"."name" AND t."singletonKey" = "Job"."singletonKey" AND t."state" IN ('created','retry')))`;
    return n === 1;
  }

  async purgeFinished(before: Date): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM "Job" WHERE "state" IN ('completed','cancelled') AND "completedAt" < ${before}`;
  }
}
