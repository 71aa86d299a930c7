// The throttled Admin client pointed at the simulator with an offline token from a real token exchange
// (what the app stores at install), for tests that make Admin calls outside a request.
import { randomUUID } from "node:crypto";
import type { ShopifySim } from "../../../simulators/shopify";
import { backgroundAdminClient } from "../../../app/.server/wiring/background-admin-client";
import { BudgetRegistry } from "../../../app/.server/shopify/budget-registry";
import type { ThrottledAdminClient } from "../../../app/.server/shopify/admin-client";
import {
  INVENTORY_SET_QUANTITIES_MUTATION,
  type InventorySetQuantitiesData,
} from "../../../app/.server/shopify/operations/inventory-set-quantities";
import { recordWritten } from "../../../app/.server/db/item-links";
import type { PrismaClient } from "@prisma/client";

export async function exchangeOfflineToken(sim: ShopifySim, shop: string, apiKey = "demo-api-key", apiSecret = "demo-api-secret"): Promise<string> {
  const response = await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-shop-domain": shop },
    body: JSON.stringify({
      client_id: apiKey,
      client_secret: apiSecret,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: await sim.mintSessionToken(shop),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    }),
  });
  if (!response.ok) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** One client per shop, tokens exchanged on first use. */
export function simAdminClients(sim: ShopifySim): (shop: string) => ThrottledAdminClient {
  const budgets = new BudgetRegistry();
  const tokens = new Map<string, Promise<string>>();
  return (shop) =>
    backgroundAdminClient(shop, {
      baseUrl: sim.url,
      budgets,
      token: {
        get: () => {
          if (!tokens.has(shop)) tokens.set(shop, exchangeOfflineToken(sim, shop));
          return tokens.get(shop)!;
        },
        invalidate: () => {
          tokens.delete(shop);
        },
      },
    });
}

/** Writes a quantity the way the shop writer does (inventorySetQuantities, then recordWritten). */
export async function writeAsApp(
  prisma: PrismaClient,
  client: ThrottledAdminClient,
  shop: string,
  level: { inventoryItemId: string; locationId: string; quantity: number },
): Promise<void> {
  const { data } = await client.request<InventorySetQuantitiesData>(INVENTORY_SET_QUANTITIES_MUTATION, {
    variables: {
      key: randomUUID(),
      input: {
        name: "available",
        reason: "correction",
        referenceDocumentUri: "app://whiplash-inventory-sync/test",
        quantities: [{ ...level, changeFromQuantity: null }],
      },
    },
  });
  const errors = data.inventorySetQuantities?.userErrors ?? [];
  if (errors.length) throw new Error(`inventorySetQuantities: ${JSON.stringify(errors)}`);
  await recordWritten(prisma, shop, level.inventoryItemId, level.locationId, level.quantity, new Date());
}
