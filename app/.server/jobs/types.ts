// The job queue contract. The embedded backend is a Prisma/SQLite table (prisma-job-queue.ts); a
// PostgreSQL deployment can put pg-boss behind the same interface (docs/decisions/0001-job-queue.md).
// Names and states follow pg-boss so that swap is mechanical.

export const JOB_STATES = ["created", "retry", "active", "completed", "failed", "cancelled"] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface SendOptions {
  /** At most one job with this (name, singletonKey) waits in created/retry, and only one runs at a time. */
  singletonKey?: string;
  /** Not claimed before this time. */
  startAfter?: Date;
  /** Higher first. */
  priority?: number;
  /** Retries after the first attempt before the job is dead-lettered (state "failed"). */
  retryLimit?: number;
  /** Lets the UI show a shop's jobs and uninstall cancel them. */
  shopId?: string;
}

export interface Job<T = unknown> {
  id: string;
  name: string;
  data: T;
  state: JobState;
  priority: number;
  retryCount: number;
  retryLimit: number;
  startAfter: Date;
  lockedBy: string | null;
  lockedUntil: Date | null;
  singletonKey: string | null;
  shopId: string | null;
  lastError: string | null;
  output: unknown;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

export interface FetchOptions {
  /** Who claims (worker id); stored in lockedBy so a stale worker cannot complete a reclaimed job. */
  workerId: string;
  limit: number;
  /** Lock length; a claimed job whose lock expires (worker died) is handed out again. */
  lockMs: number;
}

export type FailResult = "retry" | "failed" | "lost";

export interface FailOptions {
  /** Dead-letter now, whatever the retry count (permanent error). */
  permanent?: boolean;
  /** Overrides the backoff (e.g. a rate limit that says when to come back). */
  retryAfterMs?: number;
  /** Not a failure (DeferJobError): back in retryAfterMs, no attempt counted, never dead-lettered. */
  defer?: boolean;
}

export type JobCounts = Record<JobState, number>;

export interface JobQueue {
  /** Returns the new job id, or null when a singleton job with the same key is already waiting. */
  send<T>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Claims up to `limit` due jobs of the given names (expired locks are reclaimed first). */
  fetch<T = unknown>(names: string[], options: FetchOptions): Promise<Job<T>[]>;
  /** Keeps a long job's lock alive. False when the job is no longer ours (lock expired and reclaimed). */
  extendLock(jobId: string, workerId: string, lockMs: number): Promise<boolean>;
  /** False when the job is no longer ours. */
  complete(jobId: string, workerId: string, output?: unknown): Promise<boolean>;
  /** Completes several jobs in one statement; returns how many were still ours. */
  completeMany(jobIds: string[], workerId: string): Promise<number>;
  fail(jobId: string, workerId: string, error: unknown, options?: FailOptions): Promise<FailResult>;
  /** Cancels a shop's waiting jobs (uninstall). Running jobs finish or fail on their own. */
  cancelByShop(shopId: string): Promise<number>;
  countsByState(filter?: { name?: string; shopId?: string }): Promise<JobCounts>;
  getJob<T = unknown>(jobId: string): Promise<Job<T> | null>;
  /** A shop's dead-lettered jobs that finished (failed) at or after `since`, newest first (Home "Needs attention"). */
  listFailed(filter: { shopId: string; since: Date; limit: number }): Promise<Job[]>;
  /**
   * The merchant's "Retry": a dead-lettered job of this shop waits again, due now, with its attempts reset.
   * False when the job is not a failed job of this shop (already retried, or someone else's).
   */
  retryFailed(jobId: string, shopId: string): Promise<boolean>;
  /** Housekeeping: drops completed/cancelled jobs finished before `before`. Failed jobs are kept. */
  purgeFinished(before: Date): Promise<number>;
}
