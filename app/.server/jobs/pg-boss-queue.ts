// JobQueue on pg-boss (PostgreSQL), for the scale-out deployment: several app and worker processes on
// one database (docs/decisions/0006-pg-boss-queue.md has the full mapping).
// pg-boss owns the schema (its `job` table, migrations) and the enqueue path: `send` and `insert` go
// through boss.send / boss.insert, which accept a `db` executor, so intake can enqueue inside the
// transaction that stores the event (`sendWithin`, `sendManyWithin`). Claiming, locks, retries and
// dead letters keep PrismaJobQueue's semantics with SQL on the same table, because pg-boss's own fetch/
// fail differ where our guarantees matter: it has no lock owner (any caller may complete any active
// job), it cannot hold back a singleton while its twin runs under the standard policy, and it computes
// times with the database clock (ours is injectable, so the contract tests run without sleeping).
import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import pg from "pg";
import { Prisma, type PrismaClient } from "@prisma/client";
import type { Db } from "../db/db-types";
import { pgTransaction } from "../db/pg-transaction";
import { pgParams } from "../db/sql-runner";
import { retryDelayMs, type BackoffOptions } from "./backoff";
import { describeError } from "./errors";
import { eventBatchResult, prismaSqlExecutor, type EventBatch, type EventBatchResult, type EventJob, type EventJobs, type StoredEventRow } from "./event-jobs";
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

/** What pg-boss calls a db: runs one statement. Pass the caller's transaction to enqueue inside it. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * The seam for intake on PostgreSQL: the event insert and the job insert run on the same executor, in
 * one transaction the caller opens and commits; a rollback drops both.
 */
export interface TransactionalJobSender {
  /** Like `send`; the singleton check holds a transaction-scoped lock until the caller commits. */
  sendWithin<T>(db: SqlExecutor, name: string, data: T, options?: SendOptions): Promise<string | null>;
  /** One job per data item (e.g. `{ eventId }` for each event the caller really inserted); no singletons. */
  sendManyWithin<T>(db: SqlExecutor, name: string, items: T[], options?: Pick<SendOptions, "priority" | "retryLimit" | "shopId">): Promise<string[]>;
  /** Creates the pg-boss queue for `name` (DDL: call it before opening the transaction). */
  ensureQueue(name: string): Promise<void>;
}

export interface PgBossQueueOptions {
  connectionString: string;
  /** pg-boss schema; tests use one per run. */
  schema?: string;
  /** Injectable clock: tests move time instead of sleeping. */
  now?: () => Date;
  backoff?: BackoffOptions;
  defaultRetryLimit?: number;
  /** Pool size per process. */
  max?: number;
  /**
   * Background errors (an idle pooled connection dropped by the server, pg-boss events). Without a
   * listener Node would crash the process on them; the next query reconnects.
   */
  onError?: (error: Error) => void;
}

/**
 * Stored in pg-boss's `data` column: the handler's payload plus the shop, which pg-boss has no column
 * for (the UI and uninstall filter by it).
 */
type Envelope = { payload: unknown; shopId: string | null };

/**
 * Stored in pg-boss's `output` column: the handler's output (pg-boss's own convention is `{ value }`),
 * the last error (kept across retries, as PrismaJobQueue's lastError) and, while active, the lock owner.
 */
type OutputDoc = { value?: unknown; lastError?: string; lockedBy?: string };

type JobRow = {
  id: string;
  name: string;
  data: Envelope | null;
  state: string;
  priority: number;
  retry_count: number;
  retry_limit: number;
  start_after: Date;
  started_on: Date | null;
  singleton_key: string | null;
  created_on: Date;
  completed_on: Date | null;
  output: OutputDoc | null;
  locked_until: Date | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCK_EXPIRED = "lock expired: the worker stopped before finishing (crash or hang)";

function toJob<T>(row: JobRow): Job<T> {
  const output = row.output ?? {};
  const active = row.state === "active";
  return {
    id: row.id,
    name: row.name,
    data: (row.data?.payload ?? null) as T,
    state: row.state as JobState,
    priority: row.priority,
    retryCount: row.retry_count,
    retryLimit: row.retry_limit,
    startAfter: row.start_after,
    lockedBy: active ? (output.lockedBy ?? null) : null,
    lockedUntil: active ? row.locked_until : null,
    singletonKey: row.singleton_key,
    shopId: row.data?.shopId ?? null,
    lastError: output.lastError ?? null,
    output: output.value ?? null,
    createdAt: row.created_on,
    startedAt: row.started_on,
    completedAt: row.completed_on,
  };
}

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** Interactive transactions of the intake: a burst may wait for a pooled connection. */
const INTAKE_TRANSACTION = { maxWait: 10_000, timeout: 15_000 };

export class PgBossQueue implements JobQueue, TransactionalJobSender, EventJobs {
  readonly boss: PgBoss;
  private readonly pool: pg.Pool;
  private readonly db: SqlExecutor;
  private readonly schema: string;
  private readonly now: () => Date;
  private readonly defaultRetryLimit: number;
  private readonly backoff: BackoffOptions | undefined;
  private starting: Promise<void> | null = null;
  private readonly queues = new Map<string, Promise<void>>();
  /** Queue name of jobs this process claimed: lets complete/fail hit the (name, id) primary key. */
  private readonly claimedNames = new Map<string, string>();

  constructor(options: PgBossQueueOptions) {
    this.schema = options.schema ?? "pgboss";
    if (!/^[a-z_][a-z0-9_]*$/.test(this.schema)) throw new Error(`invalid pg-boss schema name: ${this.schema}`);
    this.now = options.now ?? (() => new Date());
    this.defaultRetryLimit = options.defaultRetryLimit ?? 5;
    this.backoff = options.backoff;
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, application_name: "pgboss" });
    const onError = options.onError ?? ((error: Error) => console.error("job queue (pg-boss):", error.message));
    this.pool.on("error", onError);
    this.db = { executeSql: (text, values) => this.pool.query(text, values as unknown[]) };
    // supervise/schedule off: pg-boss's maintenance would expire locks by the database clock, archive
    // dead letters and drop jobs past keep_until. Lock expiry runs in fetch (reapExpiredLocks) and
    // housekeeping is purgeFinished, as with PrismaJobQueue.
    this.boss = new PgBoss({ db: this.db as PgBoss.Db, schema: this.schema, supervise: false, schedule: false, migrate: true });
    this.boss.on("error", onError);
  }

  /** Installs or migrates pg-boss's schema once per process; every method waits for it. */
  start(): Promise<void> {
    this.starting ??= this.boss.start().then(() => undefined);
    return this.starting;
  }

  async stop(): Promise<void> {
    if (this.starting) await this.boss.stop({ graceful: false, close: false, wait: true }).catch(() => undefined);
    await this.pool.end();
  }

  async ensureQueue(name: string): Promise<void> {
    await this.start();
    let created = this.queues.get(name);
    if (!created) {
      // Standard policy: our singletons are per job (singletonKey), not per queue, and a queue mixes
      // keyed and unkeyed jobs; pg-boss's singleton/stately policies would cap unkeyed jobs too.
      created = this.createQueueRetryingDeadlocks(name);
      this.queues.set(name, created);
      created.catch(() => this.queues.delete(name));
    }
    await created;
  }

  /**
   * pg-boss's create_queue (a partition table plus its constraints) deadlocks when several processes
   * create the same queue at once: app processes at their first webhooks, workers at their first sends.
   * PostgreSQL aborts one of them (40P01) having changed nothing; the survivor creates the queue, and
   * the retry then finds it (pg-boss skips a queue that exists).
   */
  private async createQueueRetryingDeadlocks(name: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.boss.createQueue(name, { name, policy: "standard" });
        return;
      } catch (error) {
        if (attempt >= 5 || (error as { code?: unknown }).code !== "40P01") throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
      }
    }
  }

  /** The advisory lock of a (name, singletonKey): held by a singleton send, a reap's merge and a fail's merge. */
  private singletonLock(name: string, key: string): string {
    return `${this.schema}:${name}:${key}`;
  }

  private get t() {
    return `${this.schema}.job`;
  }

  private bossOptions(options: SendOptions, db: SqlExecutor): PgBoss.SendOptions {
    const baseMs = this.backoff?.baseMs ?? 2_000;
    return {
      db: db as PgBoss.Db,
      priority: options.priority ?? 0,
      // Always our clock, never the database's: keeps the injectable clock meaningful.
      startAfter: options.startAfter ?? this.now(),
      singletonKey: options.singletonKey,
      retryLimit: options.retryLimit ?? this.defaultRetryLimit,
      // Informational for pg-boss tools; the delay actually used is computed in fail() (backoff.ts).
      retryDelay: Math.max(1, Math.round(baseMs / 1000)),
      retryBackoff: true,
    };
  }

  private envelope<T>(data: T, shopId: string | undefined): Envelope {
    return { payload: data ?? null, shopId: shopId ?? null };
  }

  async send<T>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    await this.ensureQueue(name);
    if (options.singletonKey === undefined) return this.boss.send(name, this.envelope(data, options.shopId), this.bossOptions(options, this.db));
    return this.transaction((tx) => this.sendWithin(tx, name, data, options));
  }

  async sendWithin<T>(db: SqlExecutor, name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    await this.ensureQueue(name);
    if (options.singletonKey !== undefined) {
      // At most one waiting job per (name, key): a transaction-scoped advisory lock serialises the
      // check-and-insert across processes (pg-boss's standard policy has no unique index for it).
      // `::text`: the lock function returns void, which Prisma's executor cannot read.
      await db.executeSql(`SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))::text AS locked`, [this.singletonLock(name, options.singletonKey)]);
      const { rows } = await db.executeSql(
        `SELECT 1 FROM ${this.t} WHERE name = $1 AND singleton_key = $2 AND state < 'active' LIMIT 1`,
        [name, options.singletonKey],
      );
      if (rows.length > 0) return null;
    }
    return this.boss.send(name, this.envelope(data, options.shopId), this.bossOptions(options, db));
  }

  async sendManyWithin<T>(
    db: SqlExecutor,
    name: string,
    items: T[],
    options: Pick<SendOptions, "priority" | "retryLimit" | "shopId"> = {},
  ): Promise<string[]> {
    if (items.length === 0) return [];
    await this.ensureQueue(name);
    const base = this.bossOptions(options, db);
    const jobs = items.map((data) => ({
      id: randomUUID(),
      name,
      data: this.envelope(data, options.shopId),
      priority: base.priority,
      startAfter: base.startAfter as Date,
      retryLimit: base.retryLimit,
      retryDelay: base.retryDelay,
      retryBackoff: true,
    }));
    await this.boss.insert(jobs, { db: db as PgBoss.Db });
    return jobs.map((j) => j.id);
  }

  /**
   * Two batches at once: a batch's insert takes row locks (rows sorted by dedupe key, so two batches
   * never wait on each other in a cycle), and the next batch need not wait for the previous commit.
   */
  readonly batchesInFlight = 2;

  /**
   * On pg-boss's own pool (the same database as `prisma`), as ONE statement (atomic on its own, so no
   * BEGIN/COMMIT): the events' insert, their jobs through pg-boss's own insert (only for the events the
   * insert really stored) and the stored ids of the batch's keys. One round trip per batch instead of
   * five (BEGIN, events, jobs, COMMIT, then the duplicates' ids): on a busy machine each round trip waits
   * for both processes to be scheduled, and that wait was the intake's tail latency.
   */
  async insertEventsWithJobs(_prisma: PrismaClient, batch: EventBatch, name: string, enqueue: readonly string[]): Promise<EventBatchResult> {
    if (enqueue.length > 0) await this.ensureQueue(name); // DDL: never inside the statement
    else await this.start();
    const jobs = enqueue.length > 0 ? await this.insertJobsForInsertedEvents(name, enqueue) : null;
    const statement = Prisma.sql`
      WITH ins AS (${batch.insertEvents})${jobs ? Prisma.sql`, jobs AS (${jobs})` : Prisma.empty}
      SELECT "id", NULL::text AS "dedupeKey", TRUE AS "inserted" FROM ins
      UNION ALL
      SELECT s."id", s."dedupeKey", FALSE FROM (${batch.storedEvents}) s`;
    // All parts of one statement share its snapshot: the SELECT sees events committed before it started,
    // never the rows `ins` adds (those come back through RETURNING).
    const { rows } = await this.pool.query<{ id: string; dedupeKey: string | null; inserted: boolean }>(statement.text, pgParams(statement.values));
    return eventBatchResult(
      rows.filter((r) => r.inserted),
      rows.filter((r) => !r.inserted) as StoredEventRow[],
    );
  }

  /**
   * pg-boss's own multi-job insert (boss.insert's statement and its parameters, caught instead of run), with
   * its job list cut, inside the statement, to the events the `ins` CTE really inserted: a duplicate gets no job.
   */
  private async insertJobsForInsertedEvents(name: string, eventIds: readonly string[]): Promise<Prisma.Sql> {
    let caught: { text: string; values: unknown[] } | undefined;
    const catcher: SqlExecutor = {
      executeSql: async (text, values = []) => {
        caught = { text, values };
        return { rows: [] };
      },
    };
    await this.sendManyWithin(catcher, name, eventIds.map((eventId) => ({ eventId })));
    if (!caught) throw new Error("pg-boss's insert ran no statement");
    const JOBS = "json_to_recordset($1)";
    const parts = caught.text.split(JOBS);
    if (parts.length !== 2) throw new Error(`pg-boss's insert statement changed (expected one ${JOBS}); see insertJobsForInsertedEvents`);
    const onlyInserted = `json_to_recordset((SELECT COALESCE(json_agg(j.job), '[]'::json) FROM json_array_elements($1::json) AS j(job)
      WHERE j.job->'data'->'payload'->>'eventId' IN (SELECT "id" FROM ins)))`;
    return positionalSql(parts.join(onlyInserted), caught.values);
  }

  async insertEventWithJob(
    prisma: PrismaClient,
    _eventId: string,
    insertEvent: (db: Db) => Prisma.PrismaPromise<number>,
    job?: EventJob,
  ): Promise<boolean> {
    if (!job) return (await insertEvent(prisma)) === 1;
    await this.ensureQueue(job.name);
    return prisma.$transaction(async (tx) => {
      if ((await insertEvent(tx)) !== 1) return false; // a duplicate: no job
      await this.sendWithin(prismaSqlExecutor(tx), job.name, job.data, job.options);
      return true;
    }, INTAKE_TRANSACTION);
  }

  /** Runs `work` in a transaction on one pooled connection (BEGIN/COMMIT, ROLLBACK on error). */
  async transaction<R>(work: (tx: SqlExecutor) => Promise<R>): Promise<R> {
    await this.start();
    return pgTransaction(this.pool, (query) => work({ executeSql: query }));
  }

  private columns(alias = "") {
    const p = alias ? `${alias}.` : "";
    return `${p}id, ${p}name, ${p}data, ${p}state::text AS state, ${p}priority, ${p}retry_count, ${p}retry_limit, ${p}start_after,
      ${p}started_on, ${p}singleton_key, ${p}created_on, ${p}completed_on, ${p}output,
      CASE WHEN ${p}state = 'active' THEN ${p}started_on + ${p}expire_in END AS locked_until`;
  }

  /** `name = $n AND id = $m` when we know the job's queue (primary key), else `id = $m`. */
  private byId(jobId: string, values: unknown[]): string {
    if (!UUID.test(jobId)) return "FALSE"; // pg-boss ids are uuids; anything else matches no job
    values.push(jobId);
    const idParam = `$${values.length}::uuid`;
    const name = this.claimedNames.get(jobId);
    if (name === undefined) return `id = ${idParam}`;
    values.push(name);
    return `name = $${values.length} AND id = ${idParam}`;
  }

  async fetch<T = unknown>(names: string[], { workerId, limit, lockMs }: FetchOptions): Promise<Job<T>[]> {
    if (names.length === 0 || limit <= 0) return [];
    await this.start();
    await this.reapExpiredLocks();
    const now = this.now();
    // Claim by update with SKIP LOCKED (two workers never get the same job). The lock is pg-boss's
    // started_on + expire_in; the owner goes into output.lockedBy. A singleton is not handed out while
    // its twin is active (one shop writer at a time).
    const { rows } = await this.db.executeSql(
      `WITH next AS (
         SELECT j.name, j.id, j.singleton_key, j.priority, j.start_after, j.created_on FROM ${this.t} j
         WHERE j.name = ANY($1::text[]) AND j.state < 'active' AND j.start_after <= $2::timestamptz
           AND (j.singleton_key IS NULL OR NOT EXISTS (
             SELECT 1 FROM ${this.t} a WHERE a.name = j.name AND a.singleton_key = j.singleton_key AND a.state = 'active'))
         ORDER BY j.priority DESC, j.start_after ASC, j.created_on ASC
         LIMIT $3
         FOR UPDATE SKIP LOCKED),
       -- Two waiting twins (possible after a lock expired while a twin waited) are never claimed together.
       one_per_key AS (
         SELECT name, id, row_number() OVER (
           PARTITION BY name, COALESCE(singleton_key, id::text) ORDER BY priority DESC, start_after, created_on) AS nth
         FROM next)
       UPDATE ${this.t} j SET state = 'active', started_on = $2::timestamptz, expire_in = $4::int * interval '1 millisecond',
         output = COALESCE(j.output, '{}'::jsonb) || jsonb_build_object('lockedBy', $5::text)
       FROM one_per_key k WHERE j.name = k.name AND j.id = k.id AND k.nth = 1
       RETURNING ${this.columns("j")}`,
      [names, now, limit, lockMs, workerId],
    );
    const jobs = (rows as JobRow[]).map((r) => toJob<T>(r));
    for (const job of jobs) this.claimedNames.set(job.id, job.name);
    // RETURNING does not keep the inner ORDER BY; hand jobs out oldest first.
    return jobs.sort(
      (a, b) => b.priority - a.priority || a.startAfter.getTime() - b.startAfter.getTime() || a.createdAt.getTime() - b.createdAt.getTime(),
    );
  }

  /**
   * A job still active after its lock ran out belongs to a worker that died (or hung): back to retry,
   * counting the attempt, or dead-lettered when out of retries (what pg-boss's failJobsByTimeout does,
   * but on our clock and keeping lastError). A singleton twin queued while it ran is merged into the
   * retry (cancelled), as in `fail`, so one job per key waits and two are never handed out together.
   * The merge holds the key's advisory lock (the one `sendWithin` takes) from the reap to the commit,
   * so no twin can be inserted unseen in between; a key whose lock a sender holds right now is reaped
   * by the next fetch.
   */
  async reapExpiredLocks(): Promise<number> {
    await this.start();
    const now = this.now();
    // The common case (nothing expired) costs one read, not a transaction.
    const { rows: any } = await this.db.executeSql(
      `SELECT 1 FROM ${this.t} WHERE state = 'active' AND started_on + expire_in < $1::timestamptz LIMIT 1`,
      [now],
    );
    if (any.length === 0) return 0;
    return this.transaction(async (tx) => {
      const { rows } = await tx.executeSql(
        `WITH expired AS (
           SELECT name, id, singleton_key FROM ${this.t}
           WHERE state = 'active' AND started_on + expire_in < $1::timestamptz
           FOR UPDATE SKIP LOCKED),
         free AS (
           SELECT name, id FROM expired
           WHERE singleton_key IS NULL OR pg_try_advisory_xact_lock(hashtextextended($3 || name || ':' || singleton_key, 0)))
         UPDATE ${this.t} j SET
           state = CASE WHEN retry_count < retry_limit THEN 'retry'::${this.schema}.job_state ELSE 'failed'::${this.schema}.job_state END,
           retry_count = CASE WHEN retry_count < retry_limit THEN retry_count + 1 ELSE retry_count END,
           output = (COALESCE(output, '{}'::jsonb) - 'lockedBy') || jsonb_build_object('lastError', $2::text),
           start_after = $1::timestamptz,
           completed_on = CASE WHEN retry_count < retry_limit THEN NULL ELSE $1::timestamptz END
         FROM free f WHERE j.name = f.name AND j.id = f.id
         RETURNING j.name, j.id::text AS id, j.singleton_key, j.state::text AS state`,
        [now, LOCK_EXPIRED, `${this.schema}:`],
      );
      const retried = (rows as { name: string; id: string; singleton_key: string | null; state: string }[]).filter(
        (r) => r.singleton_key !== null && r.state === "retry",
      );
      if (retried.length > 0) {
        // A new statement, so it sees every twin committed before we took the keys' locks.
        await tx.executeSql(
          `UPDATE ${this.t} t SET state = 'cancelled', completed_on = $1::timestamptz,
             output = COALESCE(t.output, '{}'::jsonb) || jsonb_build_object('lastError', 'merged into retry of ' || r.id)
           FROM unnest($2::text[], $3::text[], $4::uuid[]) AS r(name, key, id)
           WHERE t.name = r.name AND t.singleton_key = r.key AND t.state < 'active' AND t.id <> r.id`,
          [now, retried.map((r) => r.name), retried.map((r) => r.singleton_key), retried.map((r) => r.id)],
        );
      }
      return rows.length;
    });
  }

  async extendLock(jobId: string, workerId: string, lockMs: number): Promise<boolean> {
    await this.start();
    const values: unknown[] = [this.now(), lockMs, workerId];
    const { rows } = await this.db.executeSql(
      `UPDATE ${this.t} SET expire_in = ($1::timestamptz + $2::int * interval '1 millisecond') - started_on
       WHERE ${this.byId(jobId, values)} AND state = 'active' AND output->>'lockedBy' = $3
       RETURNING 1`,
      values,
    );
    return rows.length === 1;
  }

  async complete(jobId: string, workerId: string, output?: unknown): Promise<boolean> {
    await this.start();
    const values: unknown[] = [this.now(), workerId, output === undefined ? null : JSON.stringify(output)];
    const { rows } = await this.db.executeSql(
      `UPDATE ${this.t} SET state = 'completed', completed_on = $1::timestamptz,
         output = (COALESCE(output, '{}'::jsonb) - 'lockedBy' - 'value')
                  || CASE WHEN $3::jsonb IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('value', $3::jsonb) END
       WHERE ${this.byId(jobId, values)} AND state = 'active' AND output->>'lockedBy' = $2
       RETURNING 1`,
      values,
    );
    this.claimedNames.delete(jobId);
    return rows.length === 1;
  }

  async completeMany(jobIds: string[], workerId: string): Promise<number> {
    if (jobIds.length === 0) return 0;
    await this.start();
    const ids = jobIds.filter((id) => UUID.test(id));
    const names = ids.map((id) => this.claimedNames.get(id));
    // By (name, id), the partitions' primary key, when this process claimed them (the usual case).
    const known = names.every((n) => n !== undefined);
    const { rows } = await this.db.executeSql(
      `WITH done AS (
         UPDATE ${this.t} SET state = 'completed', completed_on = $1::timestamptz, output = COALESCE(output, '{}'::jsonb) - 'lockedBy' - 'value'
         WHERE ${known ? "(name, id) IN (SELECT * FROM unnest($4::text[], $2::uuid[]))" : "id = ANY($2::uuid[]) AND $4::text[] IS NULL"}
           AND state = 'active' AND output->>'lockedBy' = $3
         RETURNING 1)
       SELECT count(*)::int AS n FROM done`,
      [this.now(), ids, workerId, known ? names : null],
    );
    for (const id of jobIds) this.claimedNames.delete(id);
    return Number(rows[0]?.n ?? 0);
  }

  async fail(jobId: string, workerId: string, error: unknown, options: FailOptions = {}): Promise<FailResult> {
    await this.start();
    const lastError = describeError(error);
    const now = this.now();
    const result = await this.transaction(async (tx): Promise<FailResult> => {
      const values: unknown[] = [workerId];
      const { rows } = await tx.executeSql(
        `SELECT name, retry_count, retry_limit, singleton_key FROM ${this.t}
         WHERE ${this.byId(jobId, values)} AND state = 'active' AND output->>'lockedBy' = $1 FOR UPDATE`,
        values,
      );
      const job = rows[0] as { name: string; retry_count: number; retry_limit: number; singleton_key: string | null } | undefined;
      if (!job) return "lost";
      const where = `name = $1 AND id = $2::uuid`;
      if (options.permanent || (!options.defer && job.retry_count >= job.retry_limit)) {
        await tx.executeSql(
          `UPDATE ${this.t} SET state = 'failed', completed_on = $3::timestamptz,
             output = (COALESCE(output, '{}'::jsonb) - 'lockedBy') || jsonb_build_object('lastError', $4::text)
           WHERE ${where}`,
          [job.name, jobId, now, lastError],
        );
        return "failed";
      }
      const delay = options.retryAfterMs ?? retryDelayMs(job.retry_count, this.backoff);
      if (job.singleton_key !== null) {
        // A twin queued while this one ran would run at once and skip the backoff; this retry covers its work.
        // Under the key's lock, so a twin being sent right now is either seen here or sees this retry.
        await tx.executeSql(`SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))::text AS locked`, [this.singletonLock(job.name, job.singleton_key)]);
        await tx.executeSql(
          `UPDATE ${this.t} SET state = 'cancelled', completed_on = $4::timestamptz,
             output = COALESCE(output, '{}'::jsonb) || jsonb_build_object('lastError', $5::text)
           WHERE name = $1 AND singleton_key = $2 AND state < 'active' AND id <> $3::uuid`,
          [job.name, job.singleton_key, jobId, now, `merged into retry of ${jobId}`],
        );
      }
      await tx.executeSql(
        `UPDATE ${this.t} SET state = 'retry', retry_count = retry_count + $5::int, start_after = $3::timestamptz,
           output = (COALESCE(output, '{}'::jsonb) - 'lockedBy') || jsonb_build_object('lastError', $4::text)
         WHERE ${where}`,
        [job.name, jobId, new Date(now.getTime() + delay), lastError, options.defer ? 0 : 1],
      );
      return "retry";
    });
    this.claimedNames.delete(jobId);
    return result;
  }

  async cancelByShop(shopId: string): Promise<number> {
    await this.start();
    const { rows } = await this.db.executeSql(
      `WITH c AS (
         UPDATE ${this.t} SET state = 'cancelled', completed_on = $2::timestamptz
         WHERE data->>'shopId' = $1 AND state < 'active'
         RETURNING 1)
       SELECT count(*)::int AS n FROM c`,
      [shopId, this.now()],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async countsByState(filter: { name?: string; shopId?: string } = {}): Promise<JobCounts> {
    await this.start();
    const { rows } = await this.db.executeSql(
      `SELECT state::text AS state, count(*)::int AS n FROM ${this.t}
       WHERE ($1::text IS NULL OR name = $1) AND ($2::text IS NULL OR data->>'shopId' = $2)
       GROUP BY state`,
      [filter.name ?? null, filter.shopId ?? null],
    );
    const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as JobCounts;
    for (const r of rows as { state: string; n: number }[]) if ((JOB_STATES as readonly string[]).includes(r.state)) counts[r.state as JobState] = r.n;
    return counts;
  }

  async getJob<T = unknown>(jobId: string): Promise<Job<T> | null> {
    await this.start();
    const values: unknown[] = [];
    const { rows } = await this.db.executeSql(`SELECT ${this.columns()} FROM ${this.t} WHERE ${this.byId(jobId, values)}`, values);
    return rows[0] ? toJob<T>(rows[0] as JobRow) : null;
  }

  async listFailed({ shopId, since, limit }: { shopId: string; since: Date; limit: number }): Promise<Job[]> {
    await this.start();
    const { rows } = await this.db.executeSql(
      `SELECT ${this.columns()} FROM ${this.t}
       WHERE state = 'failed' AND data->>'shopId' = $1 AND completed_on >= $2::timestamptz
       ORDER BY completed_on DESC LIMIT $3`,
      [shopId, since, limit],
    );
    return (rows as JobRow[]).map((r) => toJob(r));
  }

  async retryFailed(jobId: string, shopId: string): Promise<boolean> {
    await this.start();
    const now = this.now();
    return this.transaction(async (tx) => {
      const values: unknown[] = [shopId];
      const { rows } = await tx.executeSql(
        `SELECT name, id, singleton_key FROM ${this.t} WHERE ${this.byId(jobId, values)} AND state = 'failed' AND data->>'shopId' = $1 FOR UPDATE`,
        values,
      );
      const job = rows[0] as { name: string; id: string; singleton_key: string | null } | undefined;
      if (!job) return false; // retried already, or not this shop's
      if (job.singleton_key !== null) {
        // One waiting job per key (as in send): when a twin already waits, it does this work.
        await tx.executeSql(`SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))::text AS locked`, [this.singletonLock(job.name, job.singleton_key)]);
        const twin = await tx.executeSql(`SELECT 1 FROM ${this.t} WHERE name = $1 AND singleton_key = $2 AND state < 'active' LIMIT 1`, [
          job.name,
          job.singleton_key,
        ]);
        if (twin.rows.length > 0) {
          await tx.executeSql(
            `UPDATE ${this.t} SET state = 'cancelled', output = COALESCE(output, '{}'::jsonb) || jsonb_build_object('lastError', 'retried: merged into the waiting twin')
             WHERE name = $1 AND id = $2::uuid`,
            [job.name, job.id],
          );
          return true;
        }
      }
      await tx.executeSql(
        `UPDATE ${this.t} SET state = 'created', retry_count = 0, start_after = $3::timestamptz, completed_on = NULL WHERE name = $1 AND id = $2::uuid`,
        [job.name, job.id, now],
      );
      return true;
    });
  }

  async purgeFinished(before: Date): Promise<number> {
    await this.start();
    const { rows } = await this.db.executeSql(
      `WITH d AS (DELETE FROM ${this.t} WHERE state IN ('completed','cancelled') AND completed_on < $1::timestamptz RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [before],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

/** A `$1..$n` statement and its values as Prisma.Sql, so it nests in another statement (renumbered there). */
function positionalSql(text: string, values: readonly unknown[]): Prisma.Sql {
  const pieces = text.split(/\$(\d+)/);
  const strings: string[] = [];
  const bound: unknown[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    strings.push(pieces[i]);
    if (i + 1 < pieces.length) bound.push(values[Number(pieces[i + 1]) - 1]);
  }
  return Prisma.sql(strings, ...bound);
}
