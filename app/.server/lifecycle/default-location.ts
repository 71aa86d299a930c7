// Standard setup after connecting Whiplash: all warehouses publish to one location. If the shop has none
// chosen yet, take its primary location (read with the shop's offline token through the throttled client).
import type { PrismaClient } from "@prisma/client";
import { getDefaultLocationId, setDefaultLocationIfUnset } from "../db/shops";
import { backgroundAdminClient } from "../wiring/background-admin-client";
import { UI_LOCATIONS_QUERY, type UiLocationsData } from "../shopify/operations/merchant-ui";

export async function chooseDefaultLocation(prisma: PrismaClient, shopId: string): Promise<string | null> {
  const current = await getDefaultLocationId(prisma, shopId);
  if (current !== null) return current ?? null;
  const { data } = await backgroundAdminClient(shopId, { priority: "interactive", retry: { maxAttempts: 2 } }).request<UiLocationsData>(UI_LOCATIONS_QUERY);
  const id = data.location?.id ?? data.locations.nodes.find((l) => l.isActive)?.id ?? null;
  if (id) await setDefaultLocationIfUnset(prisma, shopId, id);
  return id;
}
