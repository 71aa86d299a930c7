// Runs job handlers from a JobQueue. `runOnce()` claims one batch and finishes it (tests call it
// directly, no timers or sleeps); `run(signal)` loops until the signal aborts, then lets the jobs in
// hand finish. A job interrupted by a crash keeps its lock until it expires and is then handed out
// again (the queue's reapExpiredLocks, in either backend), so every handler must be idempotent.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { createLogger, type Logger } from "../logger";
import { retryDelayMs } from "./backoff";
import { describeError, isDatabaseLocked, isDeferral, isPermanent, retryAfterOf } from "./errors";
import type { Job, JobQueue } from "./types";

export interface JobContext {
  queue: JobQueue;
  logger: Logger;
  /** Aborted when the worker is stopping: long handlers should stop at a safe point and throw. */
  signal: AbortSignal;
  /** Pushes the lock out again; long handlers call it between steps (the loop also does it on a timer). */
  extendLock(): Promise<boolean>;
}

export type JobHandler<T = unknown> = (job: Job<T>, context: JobContext) => Promise<unknown>;

/** Per-job result of a batch handler, in the order of the jobs it was given. */
export type BatchResult = { ok: true; output?: unknown } | { ok: false; error: unknown };

/**
 * Handles all claimed jobs of one name at once (e.g. many webhook events touching the same items: one
 * save per item, one pending-sync write per batch). Each job still completes or fails on its own.
 */
export type BatchJobHandler<T = unknown> = (jobs: Job<T>[], context: Omit<JobContext, "extendLock">) => Promise<BatchResult[]>;

export interface WorkerOptions {
  queue: JobQueue;
  handlers: Record<string, JobHandler<never>>;
  batchHandlers?: Record<string, BatchJobHandler<never>>;
  workerId?: string;
  /** Jobs claimed per round. */
  batchSize?: number;
  /** Jobs of one batch run at the same time (1 = one after another). */
  concurrency?: number;
  lockMs?: number;
  logger?: Logger;
  /** Idle wait between empty rounds in `run()`; injectable so tests never sleep. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  pollIntervalMs?: number;
}

export interface RoundResult {
  claimed: number;
  completed: number;
  retried: number;
  failed: number;
}

/** Deferral after a database lock: 0.5 s, 1 s, 2 s ... up to 15 s, with jitter. */
const LOCK_BACKOFF = { baseMs: 500, maxMs: 15_000, jitter: 0.5 };

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

export class Worker {
  readonly workerId: string;
  private readonly queue: JobQueue;
  private readonly handlers: Record<string, JobHandler<unknown>>;
  private readonly batchHandlers: Record<string, BatchJobHandler<unknown>>;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly lockMs: number;
  private readonly logger: Logger;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly pollIntervalMs: number;
  private readonly stopping = new AbortController();
  /** Database locks each job met in a row in this process (their deferral backoff). */
  private readonly lockDeferrals = new Map<string, number>();

  constructor(options: WorkerOptions) {
    this.queue = options.queue;
    this.handlers = options.handlers as Record<string, JobHandler<unknown>>;
    this.batchHandlers = (options.batchHandlers ?? {}) as Record<string, BatchJobHandler<unknown>>;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.batchSize = options.batchSize ?? 20;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.lockMs = options.lockMs ?? 60_000;
    this.logger = (options.logger ?? createLogger()).child({ worker: this.workerId });
    this.sleep = options.sleep ?? abortableSleep;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  get names(): string[] {
    return [...new Set([...Object.keys(this.handlers), ...Object.keys(this.batchHandlers)])];
  }

  /** Claims one batch and runs it to the end. */
  async runOnce(): Promise<RoundResult> {
    const jobs = await this.queue.fetch(this.names, { workerId: this.workerId, limit: this.batchSize, lockMs: this.lockMs });
    const result: RoundResult = { claimed: jobs.length, completed: 0, retried: 0, failed: 0 };
    const count = (outcome: "completed" | "retry" | "failed" | "lost") => {
      if (outcome === "completed") result.completed++;
      else if (outcome === "retry") result.retried++;
      else if (outcome === "failed") result.failed++;
    };
    // Jobs with a batch handler run as one task per name; the rest one by one.
    const tasks: Array<() => Promise<void>> = [];
    const groups = new Map<string, Job<unknown>[]>();
    for (const job of jobs) {
      if (this.batchHandlers[job.name]) groups.set(job.name, [...(groups.get(job.name) ?? []), job]);
      else tasks.push(async () => count(await this.runJob(job)));
    }
    for (const [name, group] of groups) tasks.unshift(async () => (await this.runBatch(name, group)).forEach(count));
    let next = 0;
    const lane = async () => {
      while (next < tasks.length) await tasks[next++]();
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, tasks.length) }, lane));
    return result;
  }

  /** Rounds until nothing due is left (tests; a job scheduled in the future is not waited for). */
  async drain(maxRounds = 10_000): Promise<RoundResult> {
    const total: RoundResult = { claimed: 0, completed: 0, retried: 0, failed: 0 };
    for (let i = 0; i < maxRounds; i++) {
      const r = await this.runOnce();
      total.claimed += r.claimed;
      total.completed += r.completed;
      total.retried += r.retried;
      total.failed += r.failed;
      if (r.claimed === 0) return total;
    }
    throw new Error(`worker did not drain in ${maxRounds} rounds`);
  }

  /** Loops until `signal` aborts (SIGINT/SIGTERM in the worker process); the batch in hand finishes. */
  async run(signal: AbortSignal): Promise<void> {
    signal.addEventListener("abort", () => this.stopping.abort(), { once: true });
    this.logger.info("worker started", { jobs: this.names });
    while (!signal.aborted) {
      try {
        const r = await this.runOnce();
        if (r.claimed === 0) await this.sleep(this.pollIntervalMs, signal);
      } catch (error) {
        // The database was busy or unreachable: wait and try again rather than exit.
        this.logger.error("worker round failed", { error: describeError(error) });
        await this.sleep(this.pollIntervalMs * 4, signal);
      }
    }
    this.logger.info("worker stopped");
  }

  /**
   * Records a job's failure: dead letter, retry (counting an attempt) or deferral (not counting one). A
   * database lock held by another process (SQLite with two workers) is a deferral: nothing about the job
   * failed, so it must not spend the job's attempts; it comes back after a backoff that grows with each
   * lock it meets in a row (per process), so contending workers spread out instead of colliding again.
   */
  private async failJob(job: Job<unknown>, error: unknown, log: Logger, extra: Record<string, unknown> = {}): Promise<"retry" | "failed" | "lost"> {
    const locked = !isPermanent(error) && isDatabaseLocked(error);
    const defer = isDeferral(error) || locked;
    let retryAfterMs = retryAfterOf(error);
    if (locked) {
      const inRow = this.lockDeferrals.get(job.id) ?? 0;
      if (this.lockDeferrals.size >= 10_000) this.lockDeferrals.clear(); // jobs finished by other processes
      this.lockDeferrals.set(job.id, inRow + 1);
      retryAfterMs ??= retryDelayMs(inRow, LOCK_BACKOFF);
    } else {
      this.lockDeferrals.delete(job.id);
    }
    const state = await this.queue.fail(job.id, this.workerId, error, { permanent: isPermanent(error), retryAfterMs, defer });
    const context = { ...extra, error: describeError(error), attempt: job.retryCount + 1, state };
    if (state === "failed") log.error("job dead-lettered", context);
    else if (defer) log.info(locked ? "job deferred: database locked" : "job deferred", context);
    else log.warn("job failed", context);
    return state;
  }

  private async runBatch(name: string, jobs: Job<unknown>[]): Promise<Array<"completed" | "retry" | "failed" | "lost">> {
    const log = this.logger.child({ job: name, batch: jobs.length });
    const heartbeat = setInterval(
      () => void Promise.all(jobs.map((j) => this.queue.extendLock(j.id, this.workerId, this.lockMs))).catch(() => undefined),
      Math.max(1_000, this.lockMs / 2),
    );
    heartbeat.unref?.();
    let results: BatchResult[];
    try {
      results = await this.batchHandlers[name](jobs, { queue: this.queue, logger: log, signal: this.stopping.signal });
    } catch (error) {
      results = jobs.map(() => ({ ok: false as const, error }));
    } finally {
      clearInterval(heartbeat);
    }
    const done = jobs.filter((_, i) => results[i]?.ok);
    for (const job of done) this.lockDeferrals.delete(job.id);
    const completed = await this.queue.completeMany(
      done.map((j) => j.id),
      this.workerId,
    );
    if (completed < done.length) log.warn("some jobs finished after their lock was taken over", { lost: done.length - completed });
    const outcomes: Array<"completed" | "retry" | "failed" | "lost"> = [];
    for (const [i, job] of jobs.entries()) {
      const r = results[i];
      if (r?.ok) {
        outcomes.push("completed");
        continue;
      }
      const error = r ? r.error : new Error("batch handler returned no result for this job");
      outcomes.push(await this.failJob(job, error, log, { jobId: job.id }));
    }
    return outcomes;
  }

  private async runJob(job: Job<unknown>): Promise<"completed" | "retry" | "failed" | "lost"> {
    const handler = this.handlers[job.name];
    const log = this.logger.child({ jobId: job.id, job: job.name, ...(job.shopId ? { shop: job.shopId } : {}) });
    const extendLock = () => this.queue.extendLock(job.id, this.workerId, this.lockMs);
    // Keep the lock alive while the handler works; half the lock length leaves room for a slow database.
    const heartbeat = setInterval(() => void extendLock().catch(() => undefined), Math.max(1_000, this.lockMs / 2));
    heartbeat.unref?.();
    try {
      const output = await handler(job, { queue: this.queue, logger: log, signal: this.stopping.signal, extendLock });
      this.lockDeferrals.delete(job.id);
      const ours = await this.queue.complete(job.id, this.workerId, output ?? undefined);
      if (!ours) log.warn("job finished after its lock was taken over; result not recorded");
      return ours ? "completed" : "lost";
    } catch (error) {
      return await this.failJob(job, error, log);
    } finally {
      clearInterval(heartbeat);
    }
  }
}
