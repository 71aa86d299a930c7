// Sentences about Whiplash's item rules for the item page (docs/decisions/0009): who set Sync Inventory last,
// what Whiplash shows, and a flag when Whiplash reported a code the app cannot read. Pure.
import { PROCESS_ORDERS_SET_BY_LABELS } from "./process-orders-text";
import { SYNC_SETTING_LABELS } from "./sync-decision";
import type { ItemState } from "./types";
import { itemSettingFromCode } from "./whiplash-sync-codes";

/** "a change in Whiplash", "a person in this app", ... */
export function syncSettingSetByText(item: ItemState): string {
  return PROCESS_ORDERS_SET_BY_LABELS[item.syncSettingSetBy ?? "IMPORT"];
}

/** Whiplash's Sync Inventory for the item in words, or null when Whiplash has not reported it. */
export function whiplashSyncSettingText(item: ItemState): string | null {
  if ((item.whiplashRulesAt ?? null) === null || item.whiplashSyncCode === undefined) return null;
  const reading = itemSettingFromCode(item.whiplashSyncCode ?? null);
  return reading.known ? SYNC_SETTING_LABELS[reading.setting] : `unknown code ${String(reading.code)}`;
}

/** The flag for an unknown code: the app kept its own setting. Null when the code is known or unreported. */
export function unknownSyncCodeWarning(item: ItemState): string | null {
  if ((item.whiplashRulesAt ?? null) === null || item.whiplashSyncCode === undefined) return null;
  const reading = itemSettingFromCode(item.whiplashSyncCode ?? null);
  if (reading.known) return null;
  return `Whiplash reports Sync Inventory code ${String(reading.code)} for this item, which the app does not know. The app kept "${SYNC_SETTING_LABELS[item.syncSetting]}" and did not guess; check the item's Rules tab in Whiplash and set it here or there.`;
}
