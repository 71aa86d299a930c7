import { describe, expect, it } from "vitest";
import { finishedBulkOperationId, startBulkQuery, streamBulkResult, waitForBulkOperation, type BulkQueryClient } from "./bulk-query";
import { RetriableError } from "./errors";

/** Answers the bulk mutation and status query with the given payloads, in order. */
function client(answers: unknown[]): BulkQueryClient & { calls: number } {
  const c = {
    calls: 0,
    async request<T>() {
      return { data: answers[Math.min(c.calls++, answers.length - 1)] as T };
    },
  };
  return c;
}
const refused = (...userErrors: { code: string | null; message: string }[]) => ({
  bulkOperationRunQuery: { bulkOperation: null, userErrors: userErrors.map((e) => ({ ...e, field: null })) },
});
const status = (s: string, url: string | null = null) => ({
  bulkOperation: { id: "gid://shopify/BulkOperation/1", status: s, errorCode: null, objectCount: "0", url, partialDataUrl: null },
});

describe("startBulkQuery", () => {
  it("returns the operation id when Shopify starts it", async () => {
    const started = { bulkOperationRunQuery: { bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "CREATED" }, userErrors: [] } };
    expect(await startBulkQuery(client([started]), "{ x }")).toEqual({ started: true, bulkOperationId: "gid://shopify/BulkOperation/1" });
  });

  it("tells a busy refusal (other bulk queries running) from a wrong query", async () => {
    expect(await startBulkQuery(client([refused({ code: "OPERATION_IN_PROGRESS", message: "running" })]), "{ x }")).toMatchObject({ started: false, busy: true });
    expect(await startBulkQuery(client([refused({ code: null, message: "A bulk query is already in progress" })]), "{ x }")).toMatchObject({ busy: true });
    expect(await startBulkQuery(client([refused({ code: "INVALID", message: "bad query" })]), "{ x }")).toEqual({
      started: false,
      busy: false,
      codes: ["INVALID"],
      message: "bad query",
    });
  });
});

describe("waitForBulkOperation", () => {
  const noWait = async () => {};
  it("polls until the operation is final", async () => {
    const c = client([status("CREATED"), status("RUNNING"), status("COMPLETED", "https://result")]);
    expect(await waitForBulkOperation(c, "id", { pollMs: 10, maxWaitMs: 1000, wait: noWait })).toEqual({ state: "completed", url: "https://result" });
    expect(c.calls).toBe(3);
  });

  it("reports a failed, missing or still running operation", async () => {
    expect(await waitForBulkOperation(client([status("FAILED")]), "id", { pollMs: 10, maxWaitMs: 1000, wait: noWait })).toMatchObject({ state: "ended", status: "FAILED" });
    expect(await waitForBulkOperation(client([{ bulkOperation: null }]), "id", { pollMs: 10, maxWaitMs: 1000, wait: noWait })).toEqual({ state: "missing" });
    const c = client([status("RUNNING")]);
    expect(await waitForBulkOperation(c, "id", { pollMs: 10, maxWaitMs: 30, wait: noWait })).toEqual({ state: "running", status: "RUNNING" });
    expect(c.calls).toBe(4);
  });
});

describe("streamBulkResult", () => {
  it("streams the JSONL lines in batches and reads nothing for an empty result", async () => {
    const body = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ id: i })).join("\n");
    const batches: number[] = [];
    await streamBulkResult(async () => new Response(body), { url: "https://result" }, (lines) => batches.push(lines.length));
    expect(batches).toEqual([1000, 500]);
    await streamBulkResult(() => Promise.reject(new Error("not called")), { url: null }, () => batches.push(-1));
    expect(batches).toEqual([1000, 500]);
  });

  it("a failed download is a retriable Shopify error", async () => {
    const failed = streamBulkResult(async () => new Response("gone", { status: 403 }), { url: "https://result" }, () => {});
    await expect(failed).rejects.toBeInstanceOf(RetriableError);
    await expect(failed).rejects.toMatchObject({ kind: "BULK_RESULT_DOWNLOAD", retriable: true });
  });
});

it("finishedBulkOperationId reads the webhook's operation id", () => {
  expect(finishedBulkOperationId(JSON.stringify({ admin_graphql_api_id: "gid://shopify/BulkOperation/1" }))).toBe("gid://shopify/BulkOperation/1");
  expect(finishedBulkOperationId("{}")).toBeNull();
});
