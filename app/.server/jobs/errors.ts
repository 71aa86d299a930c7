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
