// The naive writer Whiplash's help page warns about, for comparison: one inventorySetQuantities per
// item, no cost awareness, THROTTLED retried after a fixed 1 s (like common clients), with the same
// number of concurrent calls our writer may use.
import { randomUUID } from "node:crypto";
import { adminUrl } from "../../app/.server/shopify/admin-base-url";
import { INVENTORY_SET_QUANTITIES_MUTATION } from "../../app/.server/shopify/operations/inventory-set-quantities";
import { setQuantitiesInput } from "../../app/.server/sync/writer/inventory-input";

export interface NaiveRun {
  written: number;
  throttledResponses: number;
  errors: number;
  seconds: number;
}

export async function runNaiveWriter(o: {
  baseUrl: string;
  shop: string;
  token: string;
  locationId: string;
  items: { inventoryItemId: string; quantity: number }[];
  concurrency: number;
  durationMs: number;
}): Promise<NaiveRun> {
  const target = adminUrl(o.shop, "/admin/api/2026-07/graphql.json", o.baseUrl);
  const started = Date.now();
  const deadline = started + o.durationMs;
  let next = 0;
  const run: NaiveRun = { written: 0, throttledResponses: 0, errors: 0, seconds: 0 };

  async function worker(): Promise<void> {
    while (Date.now() < deadline && next < o.items.length) {
      const item = o.items[next++];
      const variables = {
        key: randomUUID(),
        input: setQuantitiesInput("naive", [{ inventoryItemId: item.inventoryItemId, locationId: o.locationId, quantity: item.quantity, before: null }]),
      };
      while (Date.now() < deadline) {
        const response = await fetch(target.url, {
          method: "POST",
          headers: { ...target.headers, "content-type": "application/json", "x-shopify-access-token": o.token },
          body: JSON.stringify({ query: INVENTORY_SET_QUANTITIES_MUTATION, variables }),
        });
        const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[]; data?: unknown };
        if (Array.isArray(body.errors) && body.errors.some((e) => e.extensions?.code === "THROTTLED")) {
          run.throttledResponses++;
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        if (response.ok && body.data) run.written++;
        else run.errors++;
        break;
      }
    }
  }

  await Promise.all(Array.from({ length: o.concurrency }, worker));
  run.seconds = (Date.now() - started) / 1000;
  return run;
}
