// Whiplash's customer-level Sync Inventory default (its Customer Preferences page), read at import and at
// every periodic re-read: the same rule as the item's setting (docs/decisions/0010): recorded with its own
// version; an unknown code keeps ours (flagged in Settings); a merchant's choice here holds until Whiplash's
// default changes after it.
import { isNewer } from "./time";
import type { SyncSetting, SyncSettingSetBy } from "./types";
import { customerDefaultFromCode } from "./whiplash-sync-codes";

export interface CustomerDefaultState {
  defaultSyncSetting: SyncSetting;
  setBy: SyncSettingSetBy;
  /** ISO; warehouse time for WHIPLASH, app clock for PERSON. */
  setAt: string | null;
  /** Whiplash's code as last read and the time of that read's data (null: never read). */
  whiplashCode: number | null;
  whiplashCodeAt: string | null;
}

/** The customer's default after a report of Whiplash's code at `at`; the same object when it is stale. */
export function applyCustomerDefaultReport(state: CustomerDefaultState, code: number | null, at: string): CustomerDefaultState {
  if (!isNewer(at, state.whiplashCodeAt)) return state;
  const next: CustomerDefaultState = { ...state, whiplashCode: code, whiplashCodeAt: at };
  const reading = customerDefaultFromCode(code);
  if (!reading.known || reading.setting === state.defaultSyncSetting) return next;
  const changedInWhiplash = state.whiplashCodeAt !== null && state.whiplashCode !== code;
  if (state.setBy === "PERSON" && !(changedInWhiplash && isNewer(at, state.setAt))) return next;
  return { ...next, defaultSyncSetting: reading.setting, setBy: "WHIPLASH", setAt: at };
}

/** Whiplash reported a customer code the table does not know (Settings flags it; ours is kept). */
export function isUnknownCustomerCode(state: Pick<CustomerDefaultState, "whiplashCode" | "whiplashCodeAt">): boolean {
  return state.whiplashCodeAt !== null && !customerDefaultFromCode(state.whiplashCode).known;
}
