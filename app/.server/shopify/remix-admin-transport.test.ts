import { GraphqlQueryError } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { adminClientFromRequestContext, remixAdminTransport, type RemixAdminGraphql } from "./remix-admin-transport";
import { BudgetRegistry } from "./budget-registry";
import { CostBudget } from "./cost-budget";
import { ManualClock } from "../../../tests/support/manual-clock";

const SHOP = "s.myshopify.com";
const QUERY = "query Probe { shop { name } }";
const cost = (currentlyAvailable: number) => ({
  cost: { requestedQueryCost: 2, actualQueryCost: null, throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 } },
});

function admin(behaviour: () => Promise<Response>): RemixAdminGraphql & { calls: { tries?: number }[] } {
  const calls: { tries?: number }[] = [];
  return {
    calls,
    graphql: async (_query, options) => {
      calls.push({ tries: options?.tries });
      return behaviour();
    },
  };
}

describe("admin.graphql transport", () => {
  it("passes data and the cost extension through, and never lets the library retry", async () => {
    const a = admin(async () => new Response(JSON.stringify({ data: { shop: { name: "x" } }, extensions: cost(1990) })));
    const response = await remixAdminTransport(a, SHOP).send({ query: QUERY }, { timeoutMs: 1000 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ data: { shop: { name: "x" } } });
    expect(a.calls[0].tries).toBe(1);
  });

  it("turns the library's GraphqlQueryError (THROTTLED in a 200) back into Shopify's envelope", async () => {
    const a = admin(async () => {
      throw new GraphqlQueryError({
        message: "Throttled",
        response: {},
        headers: { "X-Request-Id": "r" },
        body: { errors: { graphQLErrors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] }, extensions: cost(0) },
      });
    });
    const response = await remixAdminTransport(a, SHOP).send({ query: QUERY }, { timeoutMs: 1000 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ errors: [{ extensions: { code: "THROTTLED" } }], extensions: cost(0) });
    expect(response.header("x-request-id")).toBe("r");
  });

  it("hands HTTP errors the library turned into a Response to the client, but lets a 401 re-auth pass", async () => {
    const a429 = admin(async () => {
      throw new Response(JSON.stringify({ errors: "slow down" }), { status: 429, headers: { "Retry-After": "2" } });
    });
    const r = await remixAdminTransport(a429, SHOP).send({ query: QUERY }, { timeoutMs: 1000 });
    expect(r.status).toBe(429);
    expect(r.header("retry-after")).toBe("2");

    const bounce = new Response(null, { status: 401, headers: { "X-Shopify-API-Request-Failure-Reauthorize": "1" } });
    const a401 = admin(async () => {
      throw bounce;
    });
    await expect(remixAdminTransport(a401, SHOP).send({ query: QUERY }, { timeoutMs: 1000 })).rejects.toBe(bounce);
  });

  it("a route's client retries THROTTLED on the shared per-shop budget, at interactive priority", async () => {
    let n = 0;
    const a = admin(async () => {
      n++;
      if (n === 1) {
        throw new GraphqlQueryError({
          message: "Throttled",
          response: {},
          body: { errors: { graphQLErrors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] }, extensions: cost(2) },
        });
      }
      return new Response(JSON.stringify({ data: { shop: { name: "x" } }, extensions: cost(1990) }));
    });
    const clock = new ManualClock();
    const budgets = new BudgetRegistry(clock);
    const client = adminClientFromRequestContext(a, { shop: SHOP }, { budget: budgets.forShop(SHOP), clock });
    const result = client.request<{ shop: { name: string } }>(QUERY);
    await clock.advance(1000);
    expect((await result).data.shop.name).toBe("x");
    expect(client.stats.throttled).toBe(1);
    expect(budgets.forShop(SHOP)).toBeInstanceOf(CostBudget);
  });
});
