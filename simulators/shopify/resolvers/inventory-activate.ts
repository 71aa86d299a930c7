// inventoryActivate: stocks an inventory item at a location (creates its InventoryLevel), optionally
// with an initial available/on-hand quantity. Activating an already stocked item returns its level
// unchanged. Requires @idempotent like the other inventory mutations since 2026-04.
import type { GraphQLResolveInfo } from "graphql";
import { idOf } from "../ids";
import { activateLevel, findLevel, recordAdjustment } from "../state";
import { inventoryLevelPayload } from "../webhooks";
import type { GqlContext } from "./context";
import { idempotent, MISMATCH_MESSAGE } from "./idempotency";
import { levelView } from "./views";

interface ActivateArgs {
  inventoryItemId: string;
  locationId: string;
  available?: number | null;
  onHand?: number | null;
  stockAtLegacyLocation?: boolean;
}

type Payload = { inventoryLevel: ReturnType<typeof levelView> | null; userErrors: { field: string[] | null; message: string }[] };

export function inventoryActivate(_: unknown, args: ActivateArgs, ctx: GqlContext, info: GraphQLResolveInfo) {
  return idempotent<Payload>(
    ctx,
    info,
    args as unknown as Record<string, unknown>,
    () => ({ inventoryLevel: null, userErrors: [{ field: null, message: MISMATCH_MESSAGE }] }),
    (key) => {
      const variant = ctx.shop.inventoryItems.get(idOf(args.inventoryItemId, "InventoryItem") ?? -1);
      const location = ctx.shop.locations.get(idOf(args.locationId, "Location") ?? -1);
      const userErrors: Payload["userErrors"] = [];
      if (!variant) userErrors.push({ field: ["inventoryItemId"], message: "The specified inventory item could not be found." });
      if (!location) userErrors.push({ field: ["locationId"], message: "The specified location could not be found." });
      else if (!location.isActive) userErrors.push({ field: ["locationId"], message: "The location is not active." });
      for (const name of ["available", "onHand"] as const) {
        const value = args[name];
        if (value != null && value < 0) userErrors.push({ field: [name], message: "The quantity can't be negative." });
      }
      if (userErrors.length || !variant || !location) return { inventoryLevel: null, userErrors };

      const existing = findLevel(variant, location.id);
      if (existing) return { inventoryLevel: levelView(variant, existing), userErrors: [] };
      const now = Date.now();
      const quantity = args.available ?? args.onHand ?? 0;
      const level = activateLevel(variant, location.id, quantity, now);
      recordAdjustment(ctx.runtime.state, ctx.shop, {
        createdAt: now,
        reason: "correction",
        referenceDocumentUri: null,
        source: "inventoryActivate",
        caller: ctx.caller,
        idempotencyKey: key,
        changes: [{ inventoryItemId: variant.inventoryItemId, locationId: location.id, name: "available", delta: quantity, availableAfter: quantity, onHandAfter: quantity }],
      });
      ctx.runtime.webhooks.maybeSend(ctx.shop, "inventory_levels/connect", () => inventoryLevelPayload(variant, level));
      return { inventoryLevel: levelView(variant, level), userErrors: [] };
    },
  );
}
