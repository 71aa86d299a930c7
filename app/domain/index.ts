// Public API of the domain core (DESIGN.md section 3). Everything here is pure: no Prisma, no fetch, no clock.
export * from "./types";
export {
  effectiveSetting,
  decideSync,
  isSelloutFinal,
  isForcedTrigger,
  describeDecision,
  describeSkipReason,
  describeSyncReason,
  SYNC_SETTING_LABELS,
  type DecideSyncInput,
} from "./sync-decision";
export {
  quantityToPublish,
  selloutFinalQuantity,
  locationsForItem,
  warehousesOfItem,
  totalSellable,
  bufferFor,
  unreceivedQuantity,
  publishedInbound,
} from "./quantity";
export {
  applyWarehouseEvent,
  applyWarehouseEvents,
  automationTarget,
  automationSignals,
  type AutomationSignal,
  newItemState,
  hasBeenReceived,
  sameItem,
  canonicalItem,
  PROCESS_ORDERS_MODE_LABELS,
  type WarehouseEvent,
  type WarehouseEventType,
  type WarehouseQuantities,
  type ShipLineRef,
  type ApplyResult,
  type ProcessOrdersChange,
} from "./apply-event";
export { PROCESS_ORDERS_SET_BY_LABELS, processOrdersDisagreement } from "./process-orders-text";
export { syncTarget, targetAt, type SyncTarget, type SyncTargetInput, type LocationTarget } from "./sync-target";
export { planSyncs, type SyncRequest, type SyncPlan, type PlannedWriteOf, type PlannedSkipOf } from "./plan-syncs";
export { toInstant, isValidInstant, normalizeInstant, isNewer } from "./time";
export { availableAfterOrders, inFlightAt } from "./in-flight";
export {
  WHIPLASH_SYNC_CODES,
  itemSettingFromCode,
  customerDefaultFromCode,
  codeForItemSetting,
  codeForCustomerDefault,
  isUnknownItemCode,
  type CodeReading,
} from "./whiplash-sync-codes";
export { applyCustomerDefaultReport, isUnknownCustomerCode, type CustomerDefaultState } from "./customer-rules";
export { syncSettingSetByText, whiplashSyncSettingText, unknownSyncCodeWarning, describeRuleChange } from "./sync-rules-text";
