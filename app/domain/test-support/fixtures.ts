// Builders shared by the domain tests (not part of the public API).
import { newItemState } from "../apply-event";
import type { CustomerPrefs, ItemLinkState, ItemState, ShipLineState, ShopPrefs } from "../types";

export const STANDARD_CUSTOMER: CustomerPrefs = {
  defaultSyncSetting: "PROCESS_ORDERS_ONLY",
  processOrdersMode: "ON_RECEIPT_OFF_AT_SELLOUT",
  defaultBuffer: 0,
};

export const LOCATION = "gid://shopify/Location/1";

export const SHOP: ShopPrefs = { syncEnabled: true, defaultLocationId: LOCATION, warehouseLocations: {} };

export const LINK: ItemLinkState = { inventoryItemId: "gid://shopify/InventoryItem/10", tracked: true };

export function customer(patch: Partial<CustomerPrefs> = {}): CustomerPrefs {
  return { ...STANDARD_CUSTOMER, ...patch };
}

export function item(patch: Partial<ItemState> = {}): ItemState {
  return { ...newItemState({ whiplashItemId: 1, sku: "SKU-1" }), ...patch };
}

export function line(patch: Partial<ShipLineState> = {}): ShipLineState {
  return {
    shipNoticeId: 500,
    lineId: 1,
    warehouseId: 1,
    expected: 0,
    receivedGood: 0,
    damaged: 0,
    publish: false,
    completed: false,
    lastEventAt: null,
    ...patch,
  };
}
