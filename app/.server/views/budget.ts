// What syncing items costs in Shopify's rate-limit budget with our writer, from the throttle numbers Shopify
// reports (DESIGN.md sections 5 and 9). Replaces Whiplash's "Shopify may rate limit us" with numbers.
import type { PrismaClient } from "@prisma/client";
import { countTrackedItemsWithSettings } from "../db/budget-queries";
import type { CustomerPrefs, SyncSetting } from "../../domain";
import { sharedBudgets } from "../shopify/budget-registry";
import { sharedCalibration } from "../shopify/cost-calibration";
import type { CostExtension } from "../shopify/graphql-response";
import { operationNameOf } from "../shopify/graphql-response";
import { INVENTORY_SET_QUANTITIES_MUTATION } from "../shopify/operations/inventory-set-quantities";
import { settingsEffectivelyAlways } from "../db/decision-sql";
import { DEFAULT_CALL_COST, describeSyncCost, QUANTITIES_PER_CALL, syncCost, type SyncCost } from "../../shared/sync-cost";

export { DEFAULT_CALL_COST, describeSyncCost, QUANTITIES_PER_CALL, syncCost, type SyncCost };

export interface ThrottleView {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
  /** Points in use (maximumAvailable - currentlyAvailable). */
  inUse: number;
  /** false: no answer from Shopify yet, these are our conservative assumptions. */
  known: boolean;
}

export function throttleView(cost: CostExtension | undefined, shopId: string): ThrottleView {
  const status = cost?.throttleStatus;
  if (status) {
    return {
      maximumAvailable: status.maximumAvailable,
      currentlyAvailable: status.currentlyAvailable,
      restoreRate: status.restoreRate,
      inUse: Math.max(0, status.maximumAvailable - status.currentlyAvailable),
      known: true,
    };
  }
  const snap = sharedBudgets.forShop(shopId).snapshot();
  return {
    maximumAvailable: snap.maximumAvailable,
    currentlyAvailable: Math.floor(snap.currentlyAvailable),
    restoreRate: snap.restoreRate,
    inUse: Math.max(0, Math.round(snap.maximumAvailable - snap.currentlyAvailable)),
    known: snap.known,
  };
}

/** Requested cost of one full inventorySetQuantities call, as measured (else Shopify's default 10). */
export function costPerCall(): number {
  const name = operationNameOf(INVENTORY_SET_QUANTITIES_MUTATION);
  return sharedCalibration.hasObservations(name) ? sharedCalibration.requested(name, QUANTITIES_PER_CALL) : DEFAULT_CALL_COST;
}

/** Matched, tracked items of the shop whose effective setting is Always, or would be under `defaultSetting`. */
export async function countEffectivelyAlways(
  prisma: PrismaClient,
  shopId: string,
  customerId: string,
  customer: CustomerPrefs,
  defaultSetting?: SyncSetting,
): Promise<number> {
  const settings = settingsEffectivelyAlways({ ...customer, defaultSyncSetting: defaultSetting ?? customer.defaultSyncSetting });
  return countTrackedItemsWithSettings(prisma, shopId, customerId, settings);
}

/** Show the cost when a full sync of these items no longer fits in one call. */
export const ALWAYS_WARNING_MIN_ITEMS = QUANTITIES_PER_CALL;

/** The cost banner's data for the shop's effectively-Always items (null below the threshold). */
export async function alwaysCost(
  prisma: PrismaClient,
  scope: { shopId: string; customer: { id: string }; customerPrefs: CustomerPrefs },
  throttle: Pick<ThrottleView, "restoreRate" | "maximumAvailable">,
  options: { defaultSetting?: SyncSetting; minItems?: number } = {},
): Promise<(SyncCost & { sentence: string }) | null> {
  const items = await countEffectivelyAlways(prisma, scope.shopId, scope.customer.id, scope.customerPrefs, options.defaultSetting);
  if (items < (options.minItems ?? ALWAYS_WARNING_MIN_ITEMS)) return null;
  const cost = syncCost(items, throttle, costPerCall());
  return { ...cost, sentence: describeSyncCost(cost) };
}
