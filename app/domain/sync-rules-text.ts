// Sentences about Whiplash's item rules for the item page (docs/decisions/0010): who set Sync Inventory last,
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

const RULE_OUTCOMES: Record<string, string> = {
  SAVED: "changed here; waiting to be written to Whiplash",
  WRITTEN: "written to Whiplash",
  NOT_WRITTEN: "not written: Whiplash changed it later, and the newer change won",
  REFUSED: "Whiplash refused it",
  FOLLOWED: "changed in Whiplash; the app follows it",
  KEPT_OURS: "changed in Whiplash before a newer change here, which holds",
  UNKNOWN_CODE: "Whiplash reported a code the app does not know; the app kept its setting",
  SAME: "reported by Whiplash; the same as here",
};

/** One line of the item's Sync Inventory history (History tab): "Never: written to Whiplash". */
export function describeRuleChange(change: { side: string; setting: string | null; code: number | null; outcome: string }): string {
  const label = change.setting && change.setting in SYNC_SETTING_LABELS ? SYNC_SETTING_LABELS[change.setting as keyof typeof SYNC_SETTING_LABELS] : `code ${String(change.code)}`;
  const outcome = RULE_OUTCOMES[change.outcome] ?? change.outcome;
  // A write-back that did not happen names no setting (the item now has Whiplash's).
  if (change.side !== "WHIPLASH" && change.setting === null && change.code === null) return `Here: ${outcome}.`;
  return `${change.side === "WHIPLASH" ? "Whiplash" : "Here"}: ${label}, ${outcome}.`;
}
