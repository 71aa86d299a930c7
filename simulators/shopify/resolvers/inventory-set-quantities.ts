// inventorySetQuantities (2026-07): absolute quantities with a mandatory changeFromQuantity per entry
// (explicit null = no compare-and-swap) and a mandatory @idempotent key.
//
// Partial failures: the call is all-or-nothing. If any quantity is invalid, nothing is applied,
// inventoryAdjustmentGroup is null and userErrors lists every bad entry (field path
// ["input","quantities","<index>",...]). That is what Shopify's answers show: a call with one unknown
// item returns the userError with `inventoryAdjustmentGroup: null` (community thread "Can mutations
// with multiple line input be partially processed", inventorySetOnHandQuantities), and the payload has
// a single group for the whole call. A writer must drop or fix the bad entries and resend the rest.
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { idOf } from "../ids";
import { findLevel, recordAdjustment, setLevelQuantity, type ChangeRecord, type LevelRecord, type VariantRecord } from "../state";
import { inventoryLevelPayload } from "../webhooks";
import type { GqlContext } from "./context";
import { idempotent, MISMATCH_MESSAGE } from "./idempotency";
import { groupView } from "./views";

/** Reasons Shopify accepts (shopify.dev .../inventory-management-apps/manage-quantities-states). */
export const INVENTORY_REASONS = new Set([
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_canceled",
  "movement_created",
  "movement_received",
  "movement_updated",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
]);

const MAX_QUANTITY = 1_000_000_000;

interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  changeFromQuantity?: number | null;
}

interface SetInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  quantities: QuantityInput[];
}

interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}

const MESSAGES: Record<string, string> = {
  INVALID_INVENTORY_ITEM: "The specified inventory item could not be found.",
  INVALID_LOCATION: "The specified location could not be found.",
  INVALID_NAME: "The quantity name must be either 'available' or 'on_hand'.",
  INVALID_QUANTITY_NEGATIVE: "The quantity can't be negative.",
  INVALID_QUANTITY_TOO_HIGH: "The total quantity can't be higher than 1,000,000,000.",
  INVALID_REASON: "The specified reason is invalid.",
  INVALID_REFERENCE_DOCUMENT: "The specified reference document is invalid.",
  ITEM_NOT_STOCKED_AT_LOCATION: "The specified inventory item is not stocked at the location.",
  CHANGE_FROM_QUANTITY_STALE: "The changeFromQuantity value does not match persisted value.",
  NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR: "The combination of inventoryItemId and locationId must be unique.",
};

const err = (code: string, field: string[] | null): UserError => ({ code, field, message: MESSAGES[code] });

/** A URI with a scheme; a gid must name app, type and id (gid://app/Type/id). */
export function validReferenceDocument(uri: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:.+/i.test(uri)) return false;
  if (uri.startsWith("gid:")) return /^gid:\/\/[^/\s]+\/[^/\s]+\/[^\s]+$/.test(uri);
  return true;
}

/** A userError's field path. Module-level: a closure per quantity cost the stand-in's CPU under tsx, which names each. */
function fieldAt(index: number, field: string): string[] {
  return ["input", "quantities", String(index), field];
}

function validate(ctx: GqlContext, input: SetInput) {
  const errors: UserError[] = [];
  if (input.name !== "available" && input.name !== "on_hand") errors.push(err("INVALID_NAME", ["input", "name"]));
  if (!INVENTORY_REASONS.has(input.reason)) errors.push(err("INVALID_REASON", ["input", "reason"]));
  if (input.referenceDocumentUri != null && !validReferenceDocument(input.referenceDocumentUri)) {
    errors.push(err("INVALID_REFERENCE_DOCUMENT", ["input", "referenceDocumentUri"]));
  }
  const targets: { variant: VariantRecord; level: LevelRecord; quantity: number }[] = [];
  const seen = new Set<string>();
  input.quantities.forEach((q, index) => {
    const variant = ctx.shop.inventoryItems.get(idOf(q.inventoryItemId, "InventoryItem") ?? -1);
    const location = ctx.shop.locations.get(idOf(q.locationId, "Location") ?? -1);
    if (!variant) errors.push(err("INVALID_INVENTORY_ITEM", fieldAt(index, "inventoryItemId")));
    if (!location) errors.push(err("INVALID_LOCATION", fieldAt(index, "locationId")));
    if (q.quantity < 0) errors.push(err("INVALID_QUANTITY_NEGATIVE", fieldAt(index, "quantity")));
    else if (q.quantity > MAX_QUANTITY) errors.push(err("INVALID_QUANTITY_TOO_HIGH", fieldAt(index, "quantity")));
    if (!variant || !location) return;
    const pair = `${variant.inventoryItemId}:${location.id}`;
    if (seen.has(pair)) {
      errors.push(err("NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", ["input", "quantities", String(index)]));
      return;
    }
    seen.add(pair);
    const level = findLevel(variant, location.id);
    if (!level) {
      errors.push(err("ITEM_NOT_STOCKED_AT_LOCATION", fieldAt(index, "locationId")));
      return;
    }
    if (q.changeFromQuantity !== null && q.changeFromQuantity !== undefined) {
      const current = input.name === "on_hand" ? level.available + level.committed : level.available;
      if (current !== q.changeFromQuantity) errors.push(err("CHANGE_FROM_QUANTITY_STALE", fieldAt(index, "changeFromQuantity")));
    }
    targets.push({ variant, level, quantity: q.quantity });
  });
  return { errors, targets };
}

export function inventorySetQuantities(_: unknown, args: { input: SetInput }, ctx: GqlContext, info: GraphQLResolveInfo) {
  const { input } = args;
  // Checked before anything else, as Shopify does: the field is nullable in the schema but must be sent.
  if (input.quantities.some((q) => !Object.prototype.hasOwnProperty.call(q, "changeFromQuantity"))) {
    throw new GraphQLError("InventoryQuantityInput must include the following argument: changeFromQuantity.", {
      nodes: info.fieldNodes,
      extensions: { code: "INVALID_FIELD_ARGUMENTS" },
    });
  }
  return idempotent(
    ctx,
    info,
    args,
    () => ({ inventoryAdjustmentGroup: null, userErrors: [{ code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", field: null, message: MISMATCH_MESSAGE }] }),
    (key) => {
      const { errors, targets } = validate(ctx, input);
      if (errors.length) return { inventoryAdjustmentGroup: null, userErrors: errors };
      const now = Date.now();
      const changes: ChangeRecord[] = [];
      for (const t of targets) {
        const change = setLevelQuantity(t.variant, t.level, input.name as "available" | "on_hand", t.quantity, now);
        if (change.delta !== 0) {
          changes.push(change);
          ctx.runtime.webhooks.maybeSend(ctx.shop, "inventory_levels/update", () => inventoryLevelPayload(t.variant, t.level));
        }
      }
      const group = recordAdjustment(ctx.runtime.state, ctx.shop, {
        createdAt: now,
        reason: input.reason,
        referenceDocumentUri: input.referenceDocumentUri ?? null,
        source: "inventorySetQuantities",
        caller: ctx.caller,
        idempotencyKey: key,
        changes,
      });
      return { inventoryAdjustmentGroup: groupView(group), userErrors: [] as UserError[] };
    },
  );
}
