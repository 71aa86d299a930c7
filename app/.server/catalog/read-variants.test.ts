import { describe, expect, it } from "vitest";
import { countVariants, variantsFromJsonl } from "./read-variants";
import type { VariantForMatching } from "../shopify/operations/variants-for-matching";
import type { AdminGraphql } from "./match-skus";

describe("variantsFromJsonl", () => {
  it("turns bulk lines into the paged reader's rows, skipping blank and child lines", () => {
    const v = { id: "gid://shopify/ProductVariant/1", title: "S", sku: "A", product: { id: "gid://shopify/Product/1", title: "P" }, inventoryItem: { id: "gid://shopify/InventoryItem/1", tracked: true } };
    const out: VariantForMatching[] = [];
    variantsFromJsonl([JSON.stringify(v), "", JSON.stringify({ id: "x", __parentId: v.id }), JSON.stringify({ ...v, id: "gid://shopify/ProductVariant/2", sku: null })], out);
    expect(out).toEqual([v, { ...v, id: "gid://shopify/ProductVariant/2", sku: null }]);
  });
});

describe("countVariants", () => {
  const client = (count: number, precision: string): AdminGraphql => ({
    request: async <T,>() => ({ data: { productVariantsCount: { count, precision } } as T }),
  });
  it("is above the limit only when Shopify says AT_LEAST (or more than asked)", async () => {
    expect(await countVariants(client(10_000, "EXACT"), 10_000)).toEqual({ count: 10_000, atLeast: false });
    expect(await countVariants(client(10_000, "AT_LEAST"), 10_000)).toEqual({ count: 10_000, atLeast: true });
    expect(await countVariants(client(12, "EXACT"), 10_000)).toEqual({ count: 12, atLeast: false });
  });
});
