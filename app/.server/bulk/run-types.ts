// What a bulk run is (DESIGN.md 3.8): an action on a source of items, and the states it goes through.
import { SYNC_SETTING_LABELS, type ItemSyncSetting } from "../../domain";

export const BULK_ACTIONS = ["SYNC", "SET_SETTING"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const SOURCE_KINDS = ["SELECTION", "FILTER", "APP_FILTER", "SAVED_SEARCH"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const ACTIVE_STATUSES = ["QUEUED", "READING", "RUNNING", "WAITING"] as const;
export const FINAL_STATUSES = ["DONE", "CANCELLED", "FAILED"] as const;
export type RunStatus = (typeof ACTIVE_STATUSES)[number] | (typeof FINAL_STATUSES)[number];

/** Most item ids a selection may carry in one request (larger sets use "all matching"). */
export const MAX_SELECTION = 5_000;

/** The run's source as stored (BulkRun.sourceRef, JSON). */
export type SourceRef =
  | { kind: "SELECTION"; itemIds: string[] }
  | { kind: "FILTER"; query: string }
  | { kind: "APP_FILTER"; filterId: string; query: string }
  | { kind: "SAVED_SEARCH"; savedSearchId: string; name: string; query: string };

export function actionLabel(action: BulkAction, setting: ItemSyncSetting | null): string {
  return action === "SYNC" ? "Sync inventory" : `Set Sync Inventory to ${SYNC_SETTING_LABELS[setting!]}`;
}

export function isActive(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}
