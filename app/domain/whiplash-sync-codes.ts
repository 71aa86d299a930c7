// Whiplash's "Sync Inventory" setting as its API carries it: `notify_originator_inventory`, an integer on
// the item (the item's Rules tab) and on the customer (Customer Preferences). The integer codes are NOT
// publicly documented; THIS TABLE is the only place that maps them, and docs/decisions/0010 says what it
// rests on. A code not in the table is never guessed: the app keeps its own setting and flags the item.
import type { ItemSyncSetting, SyncSetting } from "./types";

/**
 * The one table. `code` null is the item field being empty: the item follows the customer default (the
 * spec's item examples carry null). For the customer, null is not a setting (the default is kept).
 */
export const WHIPLASH_SYNC_CODES: ReadonlyArray<{ code: number | null; item: ItemSyncSetting; customer: SyncSetting | null }> = [
  { code: null, item: "CUSTOMER_DEFAULT", customer: null },
  { code: 0, item: "NEVER", customer: "NEVER" },
  { code: 1, item: "ALWAYS", customer: "ALWAYS" },
  { code: 2, item: "PROCESS_ORDERS_ONLY", customer: "PROCESS_ORDERS_ONLY" },
];

/** What one reported code means: a known setting, or an unknown code (keep ours, flag it). */
export type CodeReading<S> = { known: true; setting: S } | { known: false; code: number | null };

/** The item setting a Whiplash item code stands for. */
export function itemSettingFromCode(code: number | null): CodeReading<ItemSyncSetting> {
  const row = WHIPLASH_SYNC_CODES.find((r) => r.code === code);
  return row ? { known: true, setting: row.item } : { known: false, code };
}

/** The customer default a Whiplash customer code stands for (null and unknown codes are not settings). */
export function customerDefaultFromCode(code: number | null): CodeReading<SyncSetting> {
  const row = WHIPLASH_SYNC_CODES.find((r) => r.code === code);
  return row?.customer ? { known: true, setting: row.customer } : { known: false, code };
}

/** The code to write to Whiplash for an item setting (write-back). */
export function codeForItemSetting(setting: ItemSyncSetting): number | null {
  const row = WHIPLASH_SYNC_CODES.find((r) => r.item === setting);
  if (!row) throw new Error(`no Whiplash code for item setting ${setting}`);
  return row.code;
}

/** The code to write to Whiplash for a customer default (write-back). */
export function codeForCustomerDefault(setting: SyncSetting): number {
  const row = WHIPLASH_SYNC_CODES.find((r) => r.customer === setting);
  if (!row || row.code === null) throw new Error(`no Whiplash code for customer default ${setting}`);
  return row.code;
}

/** True when Whiplash reported a code the table does not know (shown on the item page). */
export function isUnknownItemCode(code: number | null | undefined, reported: boolean): boolean {
  return reported && !itemSettingFromCode(code ?? null).known;
}
