// Typed Admin API failures. Callers (the job queue, the writer) decide by type alone:
// a RetriableError may succeed later unchanged; a PermanentError will not until something changes.

export type RetriableKind =
  | "THROTTLED" // HTTP 200 with errors[].extensions.code == THROTTLED
  | "HTTP_429"
  | "HTTP_5XX" // 500, 502, 503, 504 ...
  | "TIMEOUT"
  | "NETWORK"
  | "TOKEN_REFRESH_BUSY" // another worker holds the token-refresh lease longer than we wait
  | "BULK_RESULT_DOWNLOAD"; // the bulk operation's JSONL could not be downloaded (signed URL, not the Admin API)

export type PermanentKind =
  | "GRAPHQL" // errors in a 200 response other than THROTTLED (invalid query, access denied ...)
  | "MAX_COST_EXCEEDED" // the query asks for more than the 1000-point single-query limit
  | "COST_ABOVE_BUCKET" // the query costs more than this shop's bucket can ever hold
  | "HTTP_4XX"
  | "UNAUTHORIZED" // 401: token invalid and could not be refreshed
  | "NO_SESSION" // no offline session stored for the shop (app not installed)
  | "BAD_RESPONSE"; // not JSON or no data and no errors

export interface AdminErrorContext {
  shop?: string;
  operationName?: string;
  status?: number;
  /** GraphQL error codes or a short body excerpt, never tokens. */
  detail?: unknown;
}

export class AdminApiError extends Error {
  readonly shop?: string;
  readonly operationName?: string;
  readonly status?: number;
  readonly detail?: unknown;

  constructor(message: string, context: AdminErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.shop = context.shop;
    this.operationName = context.operationName;
    this.status = context.status;
    this.detail = context.detail;
  }
}

export class RetriableError extends AdminApiError {
  readonly retriable = true as const;
  /** Server-suggested or computed wait before trying again, when known. */
  readonly retryAfterMs?: number;
  /** How many attempts were made before giving up (set when retries are exhausted). */
  attempts = 1;

  constructor(
    readonly kind: RetriableKind,
    message: string,
    context: AdminErrorContext & { retryAfterMs?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
    this.retryAfterMs = context.retryAfterMs;
  }
}

export class PermanentError extends AdminApiError {
  readonly retriable = false as const;

  constructor(
    readonly kind: PermanentKind,
    message: string,
    context: AdminErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
  }
}

export function isRetriable(error: unknown): error is RetriableError {
  return error instanceof RetriableError;
}
