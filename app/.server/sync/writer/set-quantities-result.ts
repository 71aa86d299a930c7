// Turns one inventorySetQuantities answer into per-entry outcomes.
//
// Shopify reports problems with one quantity as a userError whose `field` points at it
// (["input", "quantities", "<index>", ...]). Whether the other quantities were applied shows in
// inventoryAdjustmentGroup: present -> they landed; null -> nothing landed and they must be re-sent in a
// new call (new idempotency key: the variables differ). Either way the good part of a batch lands.
import type {
  InventorySetQuantitiesData,
  InventorySetQuantitiesUserError,
} from "../../shopify/operations/inventory-set-quantities";
import type { WriteEntry } from "./evaluate-pending";

/** Per-entry errors that no retry will fix until someone changes something in Shopify. */
const PERMANENT_ENTRY_CODES = new Set([
  "INVALID_INVENTORY_ITEM",
  "INVALID_LOCATION",
  "NON_MUTABLE_INVENTORY_ITEM",
  "INVALID_QUANTITY_NEGATIVE",
  "INVALID_QUANTITY_TOO_HIGH",
  "INVALID_QUANTITY_TOO_LOW",
  "COMPARE_QUANTITY_STALE",
]);

export interface EntryFailure {
  entry: WriteEntry;
  code: string;
  message: string;
}

export interface SetQuantitiesOutcome {
  written: WriteEntry[];
  /** ITEM_NOT_STOCKED_AT_LOCATION: activate the item at the location, then write it again. */
  activate: WriteEntry[];
  /** CHANGE_FROM_QUANTITY_STALE: Shopify's level moved since we knew it; re-read, re-decide, retry this entry. */
  stale: WriteEntry[];
  failed: EntryFailure[];
  /** Not applied through no fault of their own: send again in a new call. */
  resend: WriteEntry[];
  /** IDEMPOTENCY_CONCURRENT_REQUEST: the same key is still being processed; retry the same call. */
  retrySameCall: boolean;
}

export function quantityIndex(error: InventorySetQuantitiesUserError): number | undefined {
  const field = error.field ?? [];
  const at = field.indexOf("quantities");
  if (at < 0 || at + 1 >= field.length) return undefined;
  const index = Number(field[at + 1]);
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

export function interpretSetQuantities(entries: WriteEntry[], data: InventorySetQuantitiesData): SetQuantitiesOutcome {
  const out: SetQuantitiesOutcome = { written: [], activate: [], stale: [], failed: [], resend: [], retrySameCall: false };
  const payload = data.inventorySetQuantities;
  if (!payload) {
    out.resend.push(...entries);
    return out;
  }
  const errors = payload.userErrors ?? [];
  if (errors.length === 0) {
    out.written.push(...entries);
    return out;
  }

  const handled = new Set<number>();
  let callLevel: InventorySetQuantitiesUserError | undefined;
  for (const error of errors) {
    const index = quantityIndex(error);
    const entry = index === undefined ? undefined : entries[index];
    if (!entry || handled.has(index!)) {
      callLevel ??= error;
      continue;
    }
    handled.add(index!);
    if (error.code === "ITEM_NOT_STOCKED_AT_LOCATION" && !entry.activated) out.activate.push(entry);
    else if (error.code === "CHANGE_FROM_QUANTITY_STALE") out.stale.push(entry);
    else if (error.code && PERMANENT_ENTRY_CODES.has(error.code)) out.failed.push({ entry, code: error.code, message: error.message });
    else out.failed.push({ entry, code: error.code ?? "UNKNOWN", message: error.message });
  }

  const rest = entries.filter((_, i) => !handled.has(i));
  if (callLevel) {
    switch (callLevel.code) {
      case "IDEMPOTENCY_CONCURRENT_REQUEST":
        // Nothing was decided yet: retry the whole call unchanged, same key.
        return { written: [], activate: [], stale: [], failed: [], resend: [], retrySameCall: true };
      case "IDEMPOTENCY_KEY_PARAMETER_MISMATCH":
      case "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED":
      case "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR":
        out.resend.push(...rest);
        return out;
      default:
        // A call-level error we cannot fix by retrying (INVALID_REASON, INVALID_NAME ...): a bug on our side.
        for (const entry of rest) out.failed.push({ entry, code: callLevel.code ?? "UNKNOWN", message: callLevel.message });
        return out;
    }
  }
  if (payload.inventoryAdjustmentGroup) out.written.push(...rest);
  else out.resend.push(...rest);
  return out;
}
