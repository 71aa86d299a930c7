// requestedQueryCost from the documented rules, computed without running anything.
import { getVariableValues, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { DEFAULT_COST_MODEL, requestedQueryCost, type CostModel } from "./cost";
import { buildExecutableSchema } from "./schema";

const schema = buildExecutableSchema();

function cost(query: string, variables: Record<string, unknown> = {}, model: CostModel = DEFAULT_COST_MODEL): number {
  const doc = parse(query);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  return requestedQueryCost(schema, operation, fragments, coerced.coerced, model);
}

describe("requested query cost", () => {
  it("charges 1 per object and nothing for scalars and enums", () => {
    expect(cost("{ shop { name myshopifyDomain } }")).toBe(1);
    expect(cost("{ shop { name plan { displayName shopifyPlus } } }")).toBe(2);
    expect(cost("{ productsCount { count precision } }")).toBe(1);
  });

  it("sizes connections by first/last: 2 + size x item cost, edges and pageInfo free", () => {
    expect(cost("{ products(first: 10) { nodes { id } } }")).toBe(12);
    expect(cost("{ products(first: 10) { edges { cursor node { id } } pageInfo { hasNextPage } } }")).toBe(12);
    expect(cost("{ products(last: 4) { nodes { id title } } }")).toBe(6);
    expect(cost("query($n: Int) { products(first: $n) { nodes { id } } }", { n: 50 })).toBe(52);
  });

  it("multiplies nested connections", () => {
    // 2 + 5 * (1 product + 2 + 3 * 1 variant)
    expect(cost("{ products(first: 5) { nodes { variants(first: 3) { nodes { id } } } } }")).toBe(32);
    // each variant: 1 + inventoryItem 1 + inventoryLevel 1 + quantities 2 names x 1
    expect(
      cost(`{ productVariants(first: 10) { nodes { sku inventoryItem { tracked inventoryLevel(locationId: "gid://shopify/Location/1") {
        quantities(names: ["available", "on_hand"]) { name quantity } } } } } }`),
    ).toBe(2 + 10 * (1 + 1 + 1 + 2));
  });

  it("charges nodes(ids:) per id and an interface the max of its possible selections", () => {
    expect(cost('{ nodes(ids: ["gid://shopify/Product/1", "gid://shopify/Product/2", "gid://shopify/Product/3"]) { id } }')).toBe(3);
    expect(
      cost(`{ node(id: "gid://shopify/Product/1") {
        ... on Product { variants(first: 10) { nodes { id } } }
        ... on Location { name }
      } }`),
    ).toBe(1 + 12);
  });

  it("follows fragments and skips @skip/@include'd fields", () => {
    expect(cost("query { products(first: 2) { nodes { ...P } } } fragment P on Product { id variants(first: 2) { nodes { id } } }")).toBe(2 + 2 * 5);
    expect(cost("query($x: Boolean!) { shop { name } products(first: 9) @include(if: $x) { nodes { id } } }", { x: false })).toBe(1);
  });

  it("charges mutations 10 each, with the optional per-quantity term for inventorySetQuantities", () => {
    const mutation = `mutation($input: InventorySetQuantitiesInput!) {
      inventorySetQuantities(input: $input) @idempotent(key: "k") { inventoryAdjustmentGroup { id changes { delta } } userErrors { code } }
    }`;
    const input = {
      name: "available",
      reason: "correction",
      quantities: Array.from({ length: 250 }, (_, i) => ({ inventoryItemId: `gid://shopify/InventoryItem/${i}`, locationId: "gid://shopify/Location/1", quantity: 1, changeFromQuantity: null })),
    };
    expect(cost(mutation, { input })).toBe(10);
    expect(cost(mutation, { input }, { ...DEFAULT_COST_MODEL, inventorySetQuantitiesPerQuantity: 0.1 })).toBe(35);
    expect(cost('mutation { a: inventoryActivate(inventoryItemId: "x", locationId: "y") { userErrors { message } } b: bulkOperationRunQuery(query: "") { userErrors { message } } }')).toBe(20);
  });
});
