import { describe, expect, it } from "vitest";
import type { ProductSyncView, VariantSyncView } from "../../../app/shared/extension-contract";
import { EXTENSION_API } from "../../../app/shared/extension-contract";
import { ApiCallError, ITEM_SETTING_PATH, PRODUCT_PATH, loadProductView, saveItemSetting } from "./api";
import { isItemSyncSetting, settingOptions } from "../../../app/shared/sync-settings";
import { collapsedSummary, replaceVariant, variantRow } from "./view-model";

const variant = (over: Partial<VariantSyncView> = {}): VariantSyncView => ({
  variantId: "gid://shopify/ProductVariant/1",
  title: "Red",
  sku: "RED-1",
  itemId: "item-1",
  syncSetting: "CUSTOMER_DEFAULT",
  effectiveSetting: "PROCESS_ORDERS_ONLY",
  decision: "sync",
  reasonCode: "PROCESSING_ORDERS",
  reason: "Synced: this item is set to Process Orders.",
  whiplashQuantity: 12,
  shopifyQuantity: 12,
  driftDetectedAt: null,
  ...over,
});

describe("product block view model", () => {
  it("labels the settings, naming what Customer Default means", () => {
    const options = settingOptions("ALWAYS");
    expect(options.map((o) => o.value)).toEqual(["CUSTOMER_DEFAULT", "NEVER", "ALWAYS", "PROCESS_ORDERS_ONLY"]);
    expect(options[0].label).toBe("Customer Default (Always)");
    expect(settingOptions(null)[0].label).toBe("Customer Default");
    expect(isItemSyncSetting("NEVER")).toBe(true);
    expect(isItemSyncSetting("SOMETIMES")).toBe(false);
  });

  it("shows a syncing variant with both quantities", () => {
    const row = variantRow(variant());
    expect(row.badge).toEqual({ tone: "success", text: "Syncing" });
    expect(row.quantities).toBe("Whiplash 12 · Shopify 12");
    expect(row.title).toBe("Red · SKU RED-1");
    expect(row.warning).toBeNull();
    expect(row.editable).toBe(true);
  });

  it("flags drift and pending differences", () => {
    expect(variantRow(variant({ driftDetectedAt: "2026-03-04T10:00:00.000Z" })).warning).toContain("2026-03-04");
    expect(variantRow(variant({ shopifyQuantity: 9 })).warning).toContain("sync is due");
    // A skipped item is expected to differ: no warning.
    expect(variantRow(variant({ decision: "skip", reasonCode: "NEVER", shopifyQuantity: 9 })).warning).toBeNull();
  });

  it("marks unmatched variants as needing attention and not editable", () => {
    const row = variantRow(variant({ itemId: null, syncSetting: null, decision: "skip", reasonCode: "UNMATCHED", whiplashQuantity: null, shopifyQuantity: null }));
    expect(row.badge.tone).toBe("warning");
    expect(row.editable).toBe(false);
    expect(row.quantities).toBe("Whiplash unknown · Shopify unknown");
  });

  it("summarises and replaces variants", () => {
    const view: ProductSyncView = {
      productId: "gid://shopify/Product/1",
      connected: true,
      shopSyncEnabled: true,
      customerDefault: "PROCESS_ORDERS_ONLY",
      variants: [variant(), variant({ variantId: "v2", decision: "skip", reasonCode: "NEVER" })],
    };
    expect(collapsedSummary(view)).toBe("1 of 2 variants syncing");
    expect(collapsedSummary({ ...view, connected: false })).toBe("Not connected to Whiplash");
    const next = replaceVariant(view, variant({ variantId: "v2", decision: "sync" }));
    expect(collapsedSummary(next)).toBe("2 of 2 variants syncing");
  });
});

describe("product block API calls", () => {
  it("uses the contract's paths", () => {
    expect(PRODUCT_PATH).toBe(EXTENSION_API.product);
    expect(ITEM_SETTING_PATH).toBe(EXTENSION_API.itemSetting);
  });

  it("loads a product view with a relative URL (Shopify adds the ID token)", async () => {
    const calls: string[] = [];
    const fetch = async (url: string) => {
      calls.push(url);
      return Response.json({ productId: "p", connected: true, shopSyncEnabled: true, customerDefault: null, variants: [] });
    };
    const view = await loadProductView(fetch, "gid://shopify/Product/7");
    expect(view.productId).toBe("p");
    expect(calls).toEqual(["/api/extension/product?productId=gid%3A%2F%2Fshopify%2FProduct%2F7"]);
  });

  it("posts a setting and surfaces the server's error message", async () => {
    let sent: RequestInit | undefined;
    const ok = async (_url: string, init?: RequestInit) => {
      sent = init;
      return Response.json(variant({ syncSetting: "NEVER" }));
    };
    const updated = await saveItemSetting(ok, { productId: "p", variantId: "v", syncSetting: "NEVER" });
    expect(updated.syncSetting).toBe("NEVER");
    expect(sent?.method).toBe("POST");
    expect(JSON.parse(String(sent?.body))).toEqual({ productId: "p", variantId: "v", syncSetting: "NEVER" });

    const failing = async () => Response.json({ error: "Item not found" }, { status: 404 });
    await expect(saveItemSetting(failing, { productId: "p", variantId: "v", syncSetting: "NEVER" })).rejects.toEqual(
      new ApiCallError("Item not found", 404),
    );
    const broken = async () => new Response("<html>", { status: 502 });
    await expect(loadProductView(broken, "p")).rejects.toThrow("The app answered 502.");
  });
});
