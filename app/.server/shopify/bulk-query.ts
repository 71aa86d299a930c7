// The one way to run a bulk query (reconciliation, SKU matching for large catalogs, bulk runs from a
// saved search): start a bulkOperationRunQuery, learn when it finished (poll bulkOperation(id), or the
// bulk_operations/finish webhook's operation id), then stream the JSONL result line by line from its
// signed URL (bulk-jsonl.ts) — never buffering the whole file, which can be hundreds of megabytes.
// Each step is separate because the flows wait differently: SKU matching polls inside its job
// (waitForBulkOperation), reconciliation and bulk runs wait in the queue and look again later
// (readBulkOperation).
import { streamJsonl } from "./bulk-jsonl";
import {
  BULK_OPERATION_RUN_QUERY_MUTATION,
  BULK_OPERATION_STATUS_QUERY,
  type BulkOperationRunQueryData,
  type BulkOperationStatus,
  type BulkOperationStatusData,
} from "./operations/bulk-operations";

/** The part of the Admin client a bulk query needs. */
export interface BulkQueryClient {
  request<T>(document: string, options?: { variables?: Record<string, unknown>; signal?: AbortSignal }): Promise<{ data: T }>;
}

export type BulkQueryStart =
  | { started: true; bulkOperationId: string }
  | {
      started: false;
      /** Shopify runs a limited number of bulk queries per shop and app: trying again later can work. */
      busy: boolean;
      codes: string[];
      /** The user errors joined, or a stand-in when Shopify said nothing. */
      message: string;
    };

/** Refusals that mean "other bulk queries of ours are running", not "this query is wrong". */
const BUSY_CODES = new Set(["OPERATION_IN_PROGRESS", "LIMIT_REACHED"]);
const BUSY_MESSAGE = /at most|already in progress/i;

/** Starts a bulk query. A refusal comes back as a value (each flow reacts differently); transport errors throw. */
export async function startBulkQuery(client: BulkQueryClient, query: string, signal?: AbortSignal): Promise<BulkQueryStart> {
  const { data } = await client.request<BulkOperationRunQueryData>(BULK_OPERATION_RUN_QUERY_MUTATION, { variables: { query }, signal });
  const payload = data.bulkOperationRunQuery;
  const errors = payload?.userErrors ?? [];
  if (payload?.bulkOperation && errors.length === 0) return { started: true, bulkOperationId: payload.bulkOperation.id };
  const codes = errors.map((e) => e.code).filter((c): c is NonNullable<typeof c> => Boolean(c));
  const message = errors.map((e) => e.message).join("; ") || "no bulk operation returned";
  const busy = codes.some((c) => BUSY_CODES.has(c)) || errors.some((e) => BUSY_MESSAGE.test(e.message));
  return { started: false, busy, codes, message };
}

export type BulkOperationState =
  /** CREATED, RUNNING, or CANCELING (not final yet). */
  | { state: "running"; status: BulkOperationStatus }
  /** `url` is null when the query matched nothing. */
  | { state: "completed"; url: string | null }
  /** FAILED, CANCELED or EXPIRED: there is no result to read. */
  | { state: "ended"; status: BulkOperationStatus; errorCode: string | null }
  /** Shopify no longer knows the operation (or it was never ours). */
  | { state: "missing" };

/** Where a bulk operation stands now (one cheap Admin query). */
export async function readBulkOperation(client: BulkQueryClient, bulkOperationId: string, signal?: AbortSignal): Promise<BulkOperationState> {
  const { data } = await client.request<BulkOperationStatusData>(BULK_OPERATION_STATUS_QUERY, { variables: { id: bulkOperationId }, signal });
  const op = data.bulkOperation;
  if (!op) return { state: "missing" };
  if (op.status === "COMPLETED") return { state: "completed", url: op.url };
  if (op.status === "CREATED" || op.status === "RUNNING" || op.status === "CANCELING") return { state: "running", status: op.status };
  return { state: "ended", status: op.status, errorCode: op.errorCode };
}

export interface WaitForBulkOperationOptions {
  pollMs: number;
  /** Stop waiting after this long: the result is then the last "running" state. */
  maxWaitMs: number;
  /** Waits between polls; tests inject an immediate one. Default: an abortable setTimeout. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** Polls until the operation is final, gone, or maxWaitMs passed (for flows that wait inside one job). */
export async function waitForBulkOperation(
  client: BulkQueryClient,
  bulkOperationId: string,
  options: WaitForBulkOperationOptions,
): Promise<BulkOperationState> {
  const wait = options.wait ?? abortableWait;
  let waited = 0;
  for (;;) {
    const state = await readBulkOperation(client, bulkOperationId, options.signal);
    if (state.state !== "running" || waited >= options.maxWaitMs) return state;
    await wait(options.pollMs, options.signal);
    waited += options.pollMs;
  }
}

/**
 * Streams a completed operation's JSONL to `onLines` in batches of up to 1000 lines (nested connection
 * nodes come on their own lines with `__parentId`). A failed download throws a RetriableError.
 */
export async function streamBulkResult(
  fetchFn: typeof fetch,
  completed: { url: string | null },
  onLines: (lines: string[]) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (completed.url) await streamJsonl(fetchFn, completed.url, onLines, signal);
}

/** The operation id a bulk_operations/finish webhook body is about (null when it names none). */
export function finishedBulkOperationId(rawBody: string): string | null {
  return (JSON.parse(rawBody) as { admin_graphql_api_id?: string }).admin_graphql_api_id ?? null;
}

function abortableWait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
