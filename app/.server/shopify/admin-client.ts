// The throttled Admin GraphQL client: every Admin API call the app makes goes through one of these.
//
// Before sending it knows (or estimates, from calibration) the requested cost and reserves it from the
// shop's shared budget, waiting the computed time when the bucket is short. After each response it
// mirrors Shopify's throttleStatus into the budget and calibrates the operation's cost. THROTTLED
// (HTTP 200), 429, 5xx, timeouts and network failures are RetriableErrors, retried a bounded number of
// times after a computed wait; everything else is a PermanentError at once.
import { systemClock, type Clock } from "./clock";
import type { CostBudget, Priority, Ticket } from "./cost-budget";
import { MAX_SINGLE_QUERY_COST, sharedCalibration, type CostCalibration } from "./cost-calibration";
import { PermanentError, RetriableError } from "./errors";
import {
  asEnvelope,
  errorCodes,
  operationKindOf,
  operationNameOf,
  readCost,
  type CostExtension,
  type GraphqlEnvelope,
} from "./graphql-response";
import type { AdminTransport, TransportResponse } from "./transport";

export interface RetryPolicy {
  /** Total tries per request, including the first. */
  maxAttempts: number;
  /** Wait before retrying a 5xx/timeout/network failure: baseMs * 2^(attempt-1), capped at maxMs. */
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 250, maxMs: 8000 };

export interface AdminClientStats {
  requests: number;
  throttled: number;
  retries: number;
  failures: number;
  /** Attempts that got an answer, and their round trips (send to answer read), summed in ms. */
  answered: number;
  roundTripMsTotal: number;
}

export interface AdminClientOptions {
  transport: AdminTransport;
  budget: CostBudget;
  calibration?: CostCalibration;
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt response timeout. */
  timeoutMs?: number;
  /** Default priority for this client's calls (route adapters use "interactive"). */
  priority?: Priority;
}

export interface RequestOptions {
  variables?: Record<string, unknown>;
  priority?: Priority;
  /**
   * Aborts the request: the attempt in flight, the wait for budget and the backoff before a retry.
   * The promise rejects with the signal's reason. A request already sent may still have been applied.
   */
  signal?: AbortSignal;
  /** List entries the call carries (e.g. quantities), for per-entry cost calibration. */
  size?: number;
  /** A reservation the caller already holds for the first attempt (the writer reserves before batching). */
  ticket?: Ticket;
  /**
   * Told of every attempt that failed (5xx, 429, THROTTLED, timeout, network, or a permanent refusal),
   * including those a retry then makes good: the writer records them so no failure stays invisible.
   * Not called for an aborted request. Must not throw.
   */
  onAttemptFailed?: (failure: AttemptFailure) => void;
}

export interface AttemptFailure {
  error: RetriableError | PermanentError;
  operationName: string;
  attempt: number;
  maxAttempts: number;
  /** The client tries again (false: this failure is thrown to the caller). */
  willRetry: boolean;
}

export interface AdminResult<T> {
  data: T;
  cost?: CostExtension;
  attempts: number;
}

export class ThrottledAdminClient {
  readonly shop: string;
  readonly stats: AdminClientStats = { requests: 0, throttled: 0, retries: 0, failures: 0, answered: 0, roundTripMsTotal: 0 };
  private readonly transport: AdminTransport;
  private readonly budget: CostBudget;
  readonly calibration: CostCalibration;
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly priority: Priority;

  constructor(options: AdminClientOptions) {
    this.transport = options.transport;
    this.shop = options.transport.shop;
    this.budget = options.budget;
    this.calibration = options.calibration ?? sharedCalibration;
    this.clock = options.clock ?? systemClock;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.priority = options.priority ?? "background";
  }

  /** Requested cost this client would reserve for `document` with `size` entries. */
  estimateCost(document: string, size = 1): number {
    const name = operationNameOf(document);
    this.calibration.noteKind(name, operationKindOf(document));
    return this.calibration.requested(name, size);
  }

  async request<T>(document: string, options: RequestOptions = {}): Promise<AdminResult<T>> {
    const operationName = operationNameOf(document);
    const size = options.size ?? 1;
    const priority = options.priority ?? this.priority;
    const context = { shop: this.shop, operationName };
    let ticket = options.ticket;
    let lastError: RetriableError | undefined;

    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      // An aborted caller (e.g. a writer that lost its lease) sends nothing more, not even a retry.
      if (options.signal?.aborted) {
        if (ticket) this.budget.cancel(ticket);
        throw options.signal.reason;
      }
      const estimate = this.estimateCost(document, size);
      if (estimate > MAX_SINGLE_QUERY_COST) {
        if (ticket) this.budget.cancel(ticket);
        throw new PermanentError("MAX_COST_EXCEEDED", `estimated cost ${estimate} is above the 1000-point limit`, {
          ...context,
          detail: { estimate, size },
        });
      }
      if (ticket) this.budget.adjust(ticket, estimate);
      else ticket = await this.budget.reserve(estimate, priority, options.signal);

      this.stats.requests++;
      let response: TransportResponse;
      const sentAt = performance.now();
      try {
        response = await this.transport.send(
          { query: document, variables: options.variables, operationName },
          { signal: options.signal, timeoutMs: this.timeoutMs },
        );
        this.stats.answered++;
        this.stats.roundTripMsTotal += performance.now() - sentAt;
      } catch (error) {
        // No answer: we cannot know whether Shopify charged us, so the reservation stays spent.
        this.budget.settle(ticket);
        ticket = undefined;
        if (!(error instanceof RetriableError)) throw error;
        lastError = error;
        this.notify(options, error, operationName, attempt);
        if (attempt < this.retry.maxAttempts) await this.pause(this.backoffMs(attempt), options.signal);
        continue;
      }

      const envelope = asEnvelope(response.body);
      const cost = readCost(envelope);
      this.budget.settle(ticket, {
        status: cost?.throttleStatus,
        requestedCost: cost?.requestedQueryCost,
        actualCost: cost?.actualQueryCost ?? undefined,
      });
      ticket = undefined;
      this.calibrate(operationName, size, estimate, cost);

      const outcome = this.classify(response, envelope, context);
      if (outcome.kind === "ok") return { data: envelope!.data as T, cost, attempts: attempt };
      this.notify(options, outcome.error, operationName, attempt);
      if (outcome.error instanceof PermanentError) {
        this.stats.failures++;
        throw outcome.error;
      }
      lastError = outcome.error;
      if (lastError.kind === "THROTTLED") {
        // The mirrored status makes the next reserve() wait exactly (cost - available) / restoreRate.
        this.stats.throttled++;
        this.stats.retries++;
        continue;
      }
      if (attempt < this.retry.maxAttempts) {
        await this.pause(lastError.retryAfterMs ?? this.backoffMs(attempt), options.signal);
      }
    }
    this.stats.failures++;
    lastError!.attempts = this.retry.maxAttempts;
    throw lastError!;
  }

  private notify(options: RequestOptions, error: RetriableError | PermanentError, operationName: string, attempt: number): void {
    if (!options.onAttemptFailed) return;
    const { maxAttempts } = this.retry;
    const willRetry = error instanceof RetriableError && attempt < maxAttempts;
    options.onAttemptFailed({ error, operationName, attempt, maxAttempts, willRetry });
  }

  private calibrate(operationName: string, size: number, estimate: number, cost: CostExtension | undefined): void {
    if (!cost) return;
    if (cost.actualQueryCost !== null && cost.actualQueryCost !== undefined) {
      this.calibration.record(operationName, size, cost.requestedQueryCost, cost.actualQueryCost);
    } else if (cost.requestedQueryCost > estimate) {
      // THROTTLED / refused: no actual cost, but we learned we were asking for more than we thought.
      this.calibration.record(operationName, size, cost.requestedQueryCost, cost.requestedQueryCost);
    }
  }

  private classify(
    response: TransportResponse,
    envelope: GraphqlEnvelope | undefined,
    context: { shop: string; operationName: string },
  ): { kind: "ok" } | { kind: "error"; error: RetriableError | PermanentError } {
    const { status } = response;
    const codes = errorCodes(envelope);
    const error = (e: RetriableError | PermanentError) => ({ kind: "error" as const, error: e });
    if (status === 200 && codes.includes("THROTTLED")) {
      return error(new RetriableError("THROTTLED", "Throttled by Shopify", { ...context, status }));
    }
    if (status === 429) {
      const retryAfter = Number(response.header("retry-after"));
      return error(
        new RetriableError("HTTP_429", "HTTP 429 from Shopify", {
          ...context,
          status,
          retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
        }),
      );
    }
    if (status >= 500) return error(new RetriableError("HTTP_5XX", `HTTP ${status} from Shopify`, { ...context, status }));
    if (status === 401) return error(new PermanentError("UNAUTHORIZED", "Shopify refused the access token", { ...context, status }));
    if (status !== 200) return error(new PermanentError("HTTP_4XX", `HTTP ${status} from Shopify`, { ...context, status }));
    if (!envelope) return error(new PermanentError("BAD_RESPONSE", "Response body is not JSON", { ...context, status }));
    if (codes.includes("MAX_COST_EXCEEDED")) {
      return error(new PermanentError("MAX_COST_EXCEEDED", "Query cost above Shopify's single-query limit", { ...context, status, detail: codes }));
    }
    if (codes.length > 0) {
      const messages = (envelope.errors ?? []).map((e) => e.message).join("; ");
      return error(new PermanentError("GRAPHQL", `GraphQL errors: ${messages}`, { ...context, status, detail: codes }));
    }
    if (envelope.data === undefined || envelope.data === null) {
      return error(new PermanentError("BAD_RESPONSE", "Response has neither data nor errors", { ...context, status }));
    }
    return { kind: "ok" };
  }

  private backoffMs(attempt: number): number {
    return Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
  }

  private async pause(ms: number, signal?: AbortSignal): Promise<void> {
    this.stats.retries++;
    await this.clock.sleep(ms, signal);
  }
}
