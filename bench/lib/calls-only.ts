// The floor under the writer's ratio on this machine (a stand-in, never a headline): the same Shopify calls
// a drain makes (250 quantities each, through the app's throttled client, over HTTP to the simulator
// process) sent back to back with `maxInFlight` at once, and nothing else: no store, no pending rows, no
// decisions, no outcomes recorded. The first call goes alone, as the writer's does until Shopify has priced
// it. Whatever this loses to the ceiling is the HTTP client's, the simulator's and the kernel's share of
// the two cores, which the real writer pays too before any work of its own.
import { randomUUID } from "node:crypto";
import type { ThrottledAdminClient } from "../../app/.server/shopify/admin-client";
import {
  INVENTORY_SET_QUANTITIES_MUTATION,
  type InventorySetQuantitiesData,
  type InventorySetQuantitiesInput,
} from "../../app/.server/shopify/operations/inventory-set-quantities";
import { setQuantitiesInput } from "../../app/.server/sync/writer/inventory-input";

export interface CallsOnlyRun {
  calls: number;
  seconds: number;
  /** Entries Shopify refused (none expected: every call sets a known item at a stocked location). */
  userErrors: number;
}

export async function runCallsOnly(o: {
  client: ThrottledAdminClient;
  inventoryItemIds: readonly string[];
  locationId: string;
  quantity: (i: number) => number;
  batchSize: number;
  maxInFlight: number;
}): Promise<CallsOnlyRun> {
  // Built before the clock starts: the writer builds its inputs while other calls are out.
  const inputs: InventorySetQuantitiesInput[] = [];
  for (let start = 0; start < o.inventoryItemIds.length; start += o.batchSize) {
    const ids = o.inventoryItemIds.slice(start, start + o.batchSize);
    inputs.push(setQuantitiesInput("calls-only", ids.map((inventoryItemId, k) => ({ inventoryItemId, locationId: o.locationId, quantity: o.quantity(start + k), before: null }))));
  }
  let userErrors = 0;
  const send = async (input: InventorySetQuantitiesInput) => {
    const { data } = await o.client.request<InventorySetQuantitiesData>(INVENTORY_SET_QUANTITIES_MUTATION, {
      variables: { input, key: randomUUID() },
      size: input.quantities.length,
    });
    userErrors += data.inventorySetQuantities?.userErrors.length ?? 0;
  };
  const started = performance.now();
  await send(inputs[0]);
  let next = 1;
  const lane = async () => {
    while (next < inputs.length) await send(inputs[next++]);
  };
  await Promise.all(Array.from({ length: o.maxInFlight }, lane));
  return { calls: inputs.length, seconds: (performance.now() - started) / 1000, userErrors };
}
