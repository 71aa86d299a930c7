// Words of the domain (DESIGN.md sections 2-3). Pure data: no Prisma, no fetch, no clock.
// String values equal the Prisma enum values so rows map without translation tables.

export const SYNC_SETTINGS = ["NEVER", "ALWAYS", "PROCESS_ORDERS_ONLY"] as const;
export type SyncSetting = (typeof SYNC_SETTINGS)[number];

export const ITEM_SYNC_SETTINGS = ["CUSTOMER_DEFAULT", ...SYNC_SETTINGS] as const;
export type ItemSyncSetting = (typeof ITEM_SYNC_SETTINGS)[number];

export const PROCESS_ORDERS_MODES = [
  "ON_RECEIPT_OFF_AT_SELLOUT",
  "FIRST_RECEIPT_ONLY",
  "ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT",
  "MANUAL",
] as const;
export type ProcessOrdersMode = (typeof PROCESS_ORDERS_MODES)[number];

/**
 * Who set Process Orders last: IMPORT (Whiplash's flag as imported, nobody has set it since), AUTOMATION
 * (the app's automation, rule 3.4), PERSON (a merchant in this app), WHIPLASH (a change made in Whiplash,
 * seen in an item event or a re-read: rule 3.10).
 */
export const PROCESS_ORDERS_SET_BY = ["IMPORT", "AUTOMATION", "PERSON", "WHIPLASH"] as const;
export type ProcessOrdersSetBy = (typeof PROCESS_ORDERS_SET_BY)[number];

/** Who set an item's sync setting last (a subset of ProcessOrdersSetBy: there is no automation for it). */
export type SyncSettingSetBy = "IMPORT" | "PERSON" | "WHIPLASH";

/** What started a sync. Manual and bulk triggers force a write even when nothing changed (rule 3.6). */
export const SYNC_TRIGGERS = ["WEBHOOK", "SELLOUT", "MANUAL", "BULK", "RECONCILE", "DRIFT", "SETTINGS", "IMPORT"] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

export interface CustomerPrefs {
  defaultSyncSetting: SyncSetting;
  processOrdersMode: ProcessOrdersMode;
  /** Units held back from Shopify, >= 0. */
  defaultBuffer: number;
}

export interface ShopPrefs {
  syncEnabled: boolean;
  /** Location that receives every warehouse without an explicit mapping (null: not chosen yet). */
  defaultLocationId: string | null;
  /** warehouseId -> Shopify location id */
  warehouseLocations: Record<number, string>;
}

/** A ship-notice line as far as publishing is concerned. */
export interface ShipLineState {
  shipNoticeId: number;
  lineId: number;
  warehouseId: number;
  expected: number;
  receivedGood: number;
  damaged: number;
  publish: boolean;
  /** Completed notices publish nothing more. Only ever goes false -> true (rule 3.7). */
  completed: boolean;
  /**
   * Warehouse timestamp (ISO) of the last line event applied to `publish`/`expected`. Line events are
   * ordered per line, not against the item's lastEventAt. Absent/null: no line event applied yet.
   */
  lastEventAt?: string | null;
}

export interface ItemState {
  whiplashItemId: number;
  sku: string;
  /** warehouseId -> sellable (available) units. */
  sellableByWarehouse: Record<number, number>;
  receivedTotal: number;
  /** ISO timestamp, null while never received. Only ever grows (rule 3.7). */
  firstReceivedAt: string | null;
  processOrders: boolean;
  processOrdersSetBy: ProcessOrdersSetBy;
  /**
   * When Process Orders was last set (ISO): the warehouse time of the event for IMPORT, AUTOMATION and
   * WHIPLASH, the app's clock for PERSON. Absent/null: not known (items older than this field).
   */
  processOrdersSetAt?: string | null;
  /**
   * Whiplash's own Process Orders flag (`available`) as last reported by an item event or a read, and the
   * warehouse time of that report (its version, rule 3.7). Absent/null: Whiplash has not told us yet.
   */
  whiplashProcessOrders?: boolean | null;
  whiplashProcessOrdersAt?: string | null;
  syncSetting: ItemSyncSetting;
  /**
   * Who set syncSetting last and when (rule 3.10 applied to Whiplash's Sync Inventory, docs/decisions/0010):
   * IMPORT (nobody since import), PERSON (a merchant in this app, app clock), WHIPLASH (Whiplash's code, its
   * warehouse time). Absent: IMPORT, unknown time.
   */
  syncSettingSetBy?: SyncSettingSetBy;
  syncSettingSetAt?: string | null;
  /**
   * Whiplash's own item rules as last reported (item resource): `notify_originator_inventory` (raw code, null
   * = no override) and `include_inbound_in_published`, with the warehouse time of that report (their version,
   * rule 3.7). whiplashRulesAt null: Whiplash has not reported them yet.
   */
  whiplashSyncCode?: number | null;
  whiplashIncludeInbound?: boolean | null;
  whiplashRulesAt?: string | null;
  bufferOverride: number | null;
  /** Warehouse timestamp (ISO) of the last applied quantity event; older or equal ones are stale (rule 3.7). */
  lastEventAt: string | null;
  /**
   * Warehouse timestamp (ISO) of the latest event Process Orders automation acted on (receipt, adjustment,
   * sell-out); older automation events are ignored (rule 3.7). Absent/null: none yet.
   */
  processOrdersEventAt?: string | null;
  /**
   * Warehouse timestamp (ISO) of the last warehouse event that carried item settings (sku, sync setting,
   * buffer override). lastEventAt orders quantities only. Absent/null: none yet.
   */
  settingsEventAt?: string | null;
  shipLines: ShipLineState[];
}

/** The item's Shopify side in one shop. */
export interface ItemLinkState {
  inventoryItemId: string;
  tracked: boolean;
  /**
   * Units of this shop's Shopify orders that Whiplash has not imported yet, by Shopify location id
   * (rule 3.9). Missing: none known (loaders that do not read orders publish the warehouse number).
   */
  unitsInFlight?: Record<string, number>;
}

/** Why an item is or is not synced. Stable codes (stored in the sync log), with text for people. */
export const SKIP_REASONS = [
  "STORE_SYNC_OFF",
  "UNMATCHED",
  "NOT_TRACKED",
  "NO_LOCATION",
  "NEVER",
  "NOT_PROCESSING_ORDERS",
  "UNCHANGED",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const SYNC_REASONS = ["ALWAYS", "PROCESSING_ORDERS", "SELLOUT_FINAL"] as const;
export type SyncReason = (typeof SYNC_REASONS)[number];

/** Where the effective setting came from (for the sentence shown to the merchant). */
export type SettingSource = "ITEM" | "CUSTOMER_DEFAULT";

export type Decision =
  | { kind: "sync"; reason: SyncReason; effective: SyncSetting; settingFrom?: SettingSource }
  | { kind: "skip"; reason: SkipReason; effective: SyncSetting | null; settingFrom?: SettingSource };

/** One write the shop writer should make (rule 3.6: only changes, unless forced). */
export interface PlannedWrite {
  itemId: string;
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  /** What we last knew Shopify shows at that location (null: unknown). */
  before: number | null;
  reason: SyncReason;
}

/** One sync not made, with its reason (logged so the merchant can see why). */
export interface PlannedSkip {
  itemId: string;
  /** null when the skip is for the whole item (no location could be chosen). */
  locationId: string | null;
  reason: SkipReason;
  /** The quantity that would have been published, when it could be computed. */
  quantity: number | null;
}
