// Errors a job handler throws tell the worker whether trying again can help.
// Any error with `retriable === false` is treated as permanent, so other modules' typed errors
// (e.g. the Shopify client's) work without importing this file.

export class PermanentJobError extends Error {
  readonly retriable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

export class RetriableJobError extends Error {
  readonly retriable = true;
  constructor(
    message: string,
    /** When the cause says when to come back (e.g. Retry-After), the backoff is replaced by it. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RetriableJobError";
  }
}

/**
 * Not a failure: the job cannot start yet (e.g. another process holds the shop's writer lease) and
 * says when to come back. The worker reschedules it without counting an attempt, so a wait that outlasts
 * the retries (a SIGKILLed worker's 30 s lease) never dead-letters it.
 */
export class DeferJobError extends Error {
  readonly retriable = true;
  readonly countsAsAttempt = false;
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = "DeferJobError";
  }
}

export function isDeferral(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { countsAsAttempt?: unknown }).countsAsAttempt === false;
}

/**
 * SQLite's write lock was held by another process for longer than busy_timeout (SQLITE_BUSY, "database
 * is locked"; Prisma's better-sqlite3 adapter reports it as a SocketTimeout, P1008 once wrapped). It says
 * nothing about the job: the worker defers it, with backoff, without counting an attempt, so a busy
 * moment with two workers on one file never dead-letters work (the docs still advise one worker there).
 */
export function isDatabaseLocked(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === "object" && e !== null; depth++) {
    const x = e as { code?: unknown; originalCode?: unknown; message?: unknown; meta?: unknown; cause?: unknown };
    for (const code of [x.code, x.originalCode]) {
      if (typeof code === "string" && (/^SQLITE_(BUSY|LOCKED)/.test(code) || code === "P1008")) return true;
    }
    if (typeof x.message === "string" && /database (table )?is locked|SQLITE_BUSY|SQLITE_LOCKED/i.test(x.message)) return true;
    if (typeof x.meta === "object" && x.meta !== null && /database (table )?is locked|SQLITE_BUSY/i.test(JSON.stringify(x.meta))) return true;
    e = x.cause;
  }
  return false;
}

export function isPermanent(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { retriable?: unknown }).retriable === false;
}

export function retryAfterOf(error: unknown): number | undefined {
  const v = typeof error === "object" && error !== null ? (error as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** Short, single-line error text for Job.lastError (never the whole stack: it may quote data). */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 2000 ? text.slice(0, 2000) + "…" : text;
}
