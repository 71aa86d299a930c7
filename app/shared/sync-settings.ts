// The Sync Inventory setting as both admin extensions show it (the product block's select and the
// bulk action's). Extensions may import only app/shared, so the domain's setting list and labels reach
// them through here; the rules themselves stay in app/domain.
import { ITEM_SYNC_SETTINGS, type ItemSyncSetting, type SyncSetting } from "../domain/types";
import { SYNC_SETTING_LABELS } from "../domain/sync-decision";

export type { ItemSyncSetting, SyncSetting };

export interface SelectOption {
  value: ItemSyncSetting;
  label: string;
}

/** The Sync Inventory choices, naming what Customer Default currently means for this customer. */
export function settingOptions(customerDefault: SyncSetting | null): SelectOption[] {
  return ITEM_SYNC_SETTINGS.map((value) => ({
    value,
    label:
      value === "CUSTOMER_DEFAULT" && customerDefault
        ? `${SYNC_SETTING_LABELS.CUSTOMER_DEFAULT} (${SYNC_SETTING_LABELS[customerDefault]})`
        : SYNC_SETTING_LABELS[value],
  }));
}

export function isItemSyncSetting(value: string): value is ItemSyncSetting {
  return (ITEM_SYNC_SETTINGS as readonly string[]).includes(value);
}
