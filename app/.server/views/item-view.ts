// What the UI shows about one item in one shop, computed by the domain core only (syncTarget, the same
// function the writer obeys): the decision of rule 3.2 with its sentence, and per location the quantity
// rule 3.5 publishes next to what Shopify shows.
import {
  describeDecision,
  effectiveSetting,
  hasBeenReceived,
  SYNC_SETTING_LABELS,
  syncTarget,
  totalSellable,
  type CustomerPrefs,
  type ItemLinkState,
  type ItemState,
  type ShopPrefs,
  type SyncSetting,
} from "../../domain";
import { LIST_TRIGGER } from "../db/decision-sql";

export interface LocationView {
  locationId: string;
  warehouseIds: number[];
  /** What rules 3.5 and 3.9 publish there now. */
  publish: number;
  /** Units of Shopify orders Whiplash has not imported yet, held back from `publish` (rule 3.9). */
  unitsInFlight: number;
  /** What we last knew Shopify shows there (null: unknown). */
  known: number | null;
  mismatch: boolean;
}

export interface ItemDecisionView {
  decision: "sync" | "skip";
  /** A SyncReason or SkipReason code (NO_LOCATION when an eligible item maps to no location). */
  reason: string;
  /** The sentence for people (describeDecision). */
  reasonText: string;
  effective: SyncSetting | null;
  /** Where the effective setting came from. */
  settingFrom: "ITEM" | "CUSTOMER_DEFAULT" | null;
  /** "Customer Default (Only when item is set to Process Orders)" etc. */
  effectiveText: string;
  whiplashQuantity: number;
  locations: LocationView[];
  /** Sum of `publish` over the locations (null: no location). */
  publishTotal: number | null;
  /** Units in orders Whiplash has not seen yet, over the locations (rule 3.9). */
  unitsInFlight: number;
  /** Sum of known quantities over the published locations (null: none known). */
  shopifyTotal: number | null;
  mismatch: boolean;
  received: boolean;
}

/** The decision the next warehouse event would meet, with the locations it would write. */
export function viewItem(
  shop: ShopPrefs,
  customer: CustomerPrefs,
  item: ItemState,
  link: ItemLinkState | null,
  known: Record<string, number | null>,
): ItemDecisionView {
  const { decision, locations: targets } = syncTarget({ shop, customer, item, link, trigger: LIST_TRIGGER });
  const locations: LocationView[] = targets.map(({ locationId, warehouseIds, quantity: publish, unitsInFlight }) => {
    const k = known[locationId] ?? null;
    return { locationId, warehouseIds, publish, unitsInFlight, known: k, mismatch: k !== null && k !== publish };
  });
  const effective = effectiveSetting(item.syncSetting, customer.defaultSyncSetting);
  const knownValues = locations.map((l) => l.known).filter((k): k is number => k !== null);
  return {
    decision: decision.kind,
    reason: decision.reason,
    reasonText: describeDecision(decision),
    effective,
    settingFrom: decision.settingFrom ?? null,
    effectiveText:
      item.syncSetting === "CUSTOMER_DEFAULT"
        ? `Customer Default (${SYNC_SETTING_LABELS[customer.defaultSyncSetting]})`
        : SYNC_SETTING_LABELS[item.syncSetting],
    whiplashQuantity: totalSellable(item),
    locations,
    publishTotal: locations.length ? locations.reduce((n, l) => n + l.publish, 0) : null,
    unitsInFlight: locations.reduce((n, l) => n + l.unitsInFlight, 0),
    shopifyTotal: knownValues.length ? knownValues.reduce((n, k) => n + k, 0) : null,
    mismatch: locations.some((l) => l.mismatch),
    received: hasBeenReceived(item),
  };
}
