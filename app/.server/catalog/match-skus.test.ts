import { describe, expect, it } from "vitest";
import type { VariantForMatching } from "../shopify/operations/variants-for-matching";
import { planMatches, readVariants, type AdminGraphql } from "./match-skus";

const variant = (id: number, sku: string | null, tracked = true): VariantForMatching => ({
  id: `gid://shopify/ProductVariant/${id}`,
  title: "Default Title",
  sku,
  product: { id: `gid://shopify/Product/${id}`, title: `Product ${id}` },
  inventoryItem: { id: `gid://shopify/InventoryItem/${id}`, tracked },
});

describe("planMatches", () => {
  it("links exactly one item to exactly one variant; reports everything else, never guesses", () => {
    const plan = planMatches(
      [
        { id: "i1", sku: "A" },
        { id: "i2", sku: " B " }, // trimmed
        { id: "i3", sku: "C" }, // two variants
        { id: "i4", sku: "D" }, // two items
        { id: "i5", sku: "D" },
        { id: "i6", sku: "E" }, // no variant
        { id: "i7", sku: "" }, // no SKU
        { id: "i8", sku: "a" }, // case differs from "A": not the same SKU
      ],
      [variant(1, "A"), variant(2, "B"), variant(3, "C"), variant(4, "C"), variant(5, "D"), variant(6, null), variant(7, "Z", false)],
    );
    expect(plan.links.map((l) => [l.itemId, l.variant.id])).toEqual([
      ["i1", "gid://shopify/ProductVariant/1"],
      ["i2", "gid://shopify/ProductVariant/2"],
    ]);
    const issues = Object.fromEntries(plan.issues.map((i) => [i.sku, i]));
    expect(issues.C).toMatchObject({ kind: "DUPLICATE_SKU_IN_SHOPIFY", detail: { itemIds: ["i3"], variantIds: ["gid://shopify/ProductVariant/3", "gid://shopify/ProductVariant/4"] } });
    expect(issues.D).toMatchObject({ kind: "DUPLICATE_SKU_IN_WHIPLASH", detail: { itemIds: ["i4", "i5"] } });
    expect(issues.E).toMatchObject({ kind: "UNMATCHED_SKU" });
    expect(issues[""]).toMatchObject({ kind: "UNMATCHED_SKU", detail: { itemIds: ["i7"] } });
    expect(issues.a).toMatchObject({ kind: "UNMATCHED_SKU" });
  });
});

describe("readVariants", () => {
  it("pages with first/after until hasNextPage is false", async () => {
    const calls: unknown[] = [];
    const client: AdminGraphql = {
      async request<T>(_doc: string, options?: { variables?: Record<string, unknown> }) {
        calls.push(options?.variables);
        const page = calls.length;
        return {
          data: {
            productVariants: {
              nodes: [variant(page, `S${page}`)],
              pageInfo: { hasNextPage: page < 3, endCursor: page < 3 ? `c${page}` : null },
            },
          } as T,
        };
      },
    };
    const all = await readVariants(client);
    expect(all.map((v) => v.sku)).toEqual(["S1", "S2", "S3"]);
    expect(calls).toEqual([
      { first: 250, after: null },
      { first: 250, after: "c1" },
      { first: 250, after: "c2" },
    ]);
  });
});
