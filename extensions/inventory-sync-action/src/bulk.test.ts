import { describe, expect, it } from "vitest";
import { EXTENSION_API, MAX_BULK_PRODUCTS, type BulkResult } from "../../../app/shared/extension-contract";
import { BULK_PATH, MAX_SELECTED, buildBulkRequest, submitBulk, summarize } from "./bulk";

const p = (n: number) => ({ id: `gid://shopify/Product/${n}` });

describe("selection action", () => {
  it("matches the backend's contract", () => {
    expect(BULK_PATH).toBe(EXTENSION_API.bulk);
    expect(MAX_SELECTED).toBe(MAX_BULK_PRODUCTS);
  });

  it("builds requests from the selection (deduplicated, products only)", () => {
    expect(buildBulkRequest("SYNC", [p(1), p(1), p(2), { id: "gid://shopify/Order/3" }])).toEqual({
      ok: true,
      request: { action: "SYNC", productIds: [p(1).id, p(2).id] },
    });
    expect(buildBulkRequest("SET_SETTING", [p(1)], "NEVER")).toEqual({
      ok: true,
      request: { action: "SET_SETTING", productIds: [p(1).id], syncSetting: "NEVER" },
    });
  });

  it("refuses empty, oversized and incomplete requests", () => {
    expect(buildBulkRequest("SYNC", [])).toEqual({ ok: false, error: "Select at least one product." });
    expect(buildBulkRequest("SYNC", Array.from({ length: 251 }, (_, i) => p(i))).ok).toBe(false);
    expect(buildBulkRequest("SET_SETTING", [p(1)])).toEqual({ ok: false, error: "Choose a Sync Inventory setting." });
  });

  it("summarises results with the most common skip reasons", () => {
    const result: BulkResult = {
      action: "SYNC",
      products: 2,
      variants: 5,
      queued: 2,
      updated: 0,
      skipped: 2,
      unmatched: 1,
      runId: "run-1",
      results: [
        { variantId: "a", title: "A", outcome: "QUEUED", reason: "" },
        { variantId: "b", title: "B", outcome: "QUEUED", reason: "" },
        { variantId: "c", title: "C", outcome: "SKIPPED", reason: "Not synced: this item is set to Never." },
        { variantId: "d", title: "D", outcome: "SKIPPED", reason: "Not synced: this item is set to Never." },
        { variantId: "e", title: "E", outcome: "UNMATCHED", reason: "" },
      ],
    };
    expect(summarize(result)).toEqual({
      tone: "info",
      title: "Sync started for 2 products",
      lines: [
        "2 variants queued to sync.",
        "1 variant have no Whiplash item with the same SKU.",
        "2 × Not synced: this item is set to Never.",
      ],
    });
    expect(summarize({ ...result, queued: 0 }).tone).toBe("warning");
    expect(summarize({ ...result, action: "SET_SETTING", updated: 4, skipped: 0, unmatched: 0, results: [] })).toEqual({
      tone: "success",
      title: "Sync Inventory updated for 2 products",
      lines: ["Sync Inventory changed on 4 variants."],
    });
  });

  it("posts JSON and reports server errors", async () => {
    let body = "";
    const ok = async (url: string, init?: RequestInit) => {
      body = `${url} ${init?.body}`;
      return Response.json({ action: "SYNC" });
    };
    await submitBulk(ok, { action: "SYNC", productIds: ["x"] });
    expect(body).toBe('/api/extension/bulk {"action":"SYNC","productIds":["x"]}');
    await expect(submitBulk(async () => Response.json({ error: "nope" }, { status: 400 }), { action: "SYNC", productIds: [] })).rejects.toThrow("nope");
  });
});
