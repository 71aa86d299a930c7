// Requests Shopify refuses before running anything: unknown fields and arguments, syntax errors,
// bad variables, missing operation names. All answer HTTP 200 with errors and charge nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { simWithClient, type GqlResponse } from "./test-support";

let sim: ShopifySim;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;

beforeAll(async () => {
  ({ sim, gql } = await simWithClient());
});
afterAll(() => sim.close());

describe("rejected documents", () => {
  it("rejects unknown fields, unknown arguments and missing required arguments in graphql-ruby's words", async () => {
    const res = await gql('{ shop { nope } products(first: 1, colour: "red") { nodes { id } } inventoryItem { id } }');
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors.map((e: { message: string; extensions: { code: string } }) => [e.message, e.extensions.code])).toEqual([
      ["Field 'nope' doesn't exist on type 'Shop'", "undefinedField"],
      ["Field 'products' doesn't accept argument 'colour'", "argumentNotAccepted"],
      ["Field 'inventoryItem' is missing required arguments: id", "missingRequiredArguments"],
    ]);
    expect(res.body.extensions.cost).toMatchObject({ requestedQueryCost: 0, actualQueryCost: 0 });
  });

  it("rejects syntax errors and unknown operation names", async () => {
    expect((await gql("{ shop { name }")).body.errors[0].message).toMatch(/Syntax Error/);
    const named = await fetch(`${sim.url}/admin/api/2026-07/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": [...sim.state.accessTokens.keys()][0], "x-shopify-shop-domain": sim.defaultShop! },
      body: JSON.stringify({ query: "query A { shop { name } } query B { shop { id } }", operationName: "C" }),
    });
    expect((await named.json()).errors[0].message).toBe('No operation named "C"');
  });

  it("refuses variables of the wrong type without charging", async () => {
    const before = sim.shop().bucket.status().currentlyAvailable;
    const res = await gql("query($n: Int!) { products(first: $n) { nodes { id } } }", { n: "ten" });
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0]).toMatchObject({ message: expect.stringMatching(/\$n/), extensions: { code: "INVALID_VARIABLE" } });
    expect(res.body.extensions.cost.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(before);
  });

  it("uses a variable's declared default for pricing", async () => {
    const res = await gql("query($n: Int = 7) { products(first: $n) { nodes { id } } }");
    expect(res.body.extensions.cost.requestedQueryCost).toBe(9);
    expect(res.body.data.products.nodes).toHaveLength(7);
  });
});
