// Names of the platform's background jobs (registered with the worker through platformJobHandlers()).
export const PLATFORM_JOBS = {
  /** shop/redact: erase everything we hold for a shop. */
  shopRedact: "platform.shop-redact",
  /** 48 h after app/uninstalled: erase the kept settings unless the shop came back. */
  purgeUninstalled: "platform.purge-uninstalled",
  /** Drains a shop's stored inventory_levels/update events (one job per shop at a time). */
  drift: "platform.drift",
  /** Starts a reconciliation: a bulk read of the shop's levels at mapped locations. */
  reconcile: "platform.reconcile",
  /** Reads a finished bulk operation's JSONL and compares it with the warehouse. */
  reconcileCollect: "platform.reconcile-collect",
  /** Daily: queues a reconciliation for every installed shop, then schedules itself again. */
  reconcileSchedule: "platform.reconcile-schedule",
} as const;

export type PlatformJobName = (typeof PLATFORM_JOBS)[keyof typeof PLATFORM_JOBS];

/** Settings of an uninstalled shop are kept this long in case the merchant reinstalls. */
export const UNINSTALL_RETENTION_MS = 48 * 60 * 60 * 1000;
