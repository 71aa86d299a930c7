// The one registry of background job names and the data each job carries, shared by the producers
// (webhook intake, settings, bulk actions, schedules) and the worker's handlers.
// The name strings are stored in the job table: never rename one, or jobs queued by an older
// deployment stop finding their handler.
import type { SyncTrigger } from "../../domain";

// --- Warehouse, catalog and writer jobs ---

/** Applies one stored Whiplash event. data: { eventId } */
export const WHIPLASH_EVENT_JOB = "whiplash-event";
/** Drains one shop's pending syncs to Shopify; singleton per shop (singletonKey = shop id). data: { shopId } */
export const SHOP_WRITER_JOB = "shop-writer";
/** Imports a customer's Whiplash items and matches them to a shop's variants. data: { customerId, shopId? } */
export const WHIPLASH_IMPORT_JOB = "whiplash-import";

/**
 * Writes the customer's pending Sync Inventory changes (items and default) to Whiplash (docs/decisions/0010);
 * singleton per customer (singletonKey = customer id). data: { customerId }
 */
export const WHIPLASH_WRITE_RULES_JOB = "whiplash-write-rules";

export interface WhiplashWriteRulesJobData {
  customerId: string;
}

export interface WhiplashEventJobData {
  eventId: string;
}
export interface ShopWriterJobData {
  shopId: string;
}
export interface WhiplashImportJobData {
  customerId: string;
  shopId?: string;
}

// --- Platform jobs (handlers: wiring/platform-jobs.ts) ---

export const PLATFORM_JOBS = {
  /** shop/redact: erase everything we hold for a shop. data: ShopJobData */
  shopRedact: "platform.shop-redact",
  /** 48 h after app/uninstalled: erase the kept settings unless the shop came back. data: PurgeJobData */
  purgeUninstalled: "platform.purge-uninstalled",
  /** Drains a shop's stored inventory_levels/update events (one job per shop at a time). data: ShopJobData */
  drift: "platform.drift",
  /** Drains a shop's stored order webhooks into units in flight (rule 3.9; one job per shop at a time). data: ShopJobData */
  inFlightOrders: "platform.in-flight-orders",
  /** Every 15 min (and at worker start): in-flight orders Whiplash never confirmed leave "in flight". data: {} */
  inFlightExpiry: "platform.in-flight-expiry",
  /** Starts a reconciliation: a bulk read of the shop's levels at mapped locations. data: ReconcileJobData */
  reconcile: "platform.reconcile",
  /** Reads a finished bulk operation's JSONL and compares it with the warehouse. data: ShopJobData */
  reconcileCollect: "platform.reconcile-collect",
  /** Daily: queues a reconciliation for every installed shop, then schedules itself again. data: {} */
  reconcileSchedule: "platform.reconcile-schedule",
  /**
   * Every minute (and at worker start): kicks the writer of every shop with pending syncs and no writer
   * waiting or running (a dead-lettered writer would otherwise wait for the shop's next event), then
   * schedules itself again. data: {}
   */
  writerSweep: "platform.writer-sweep",
  /** Daily (and at worker start): deletes settled inbound events and sync log rows past retention. data: {} */
  retention: "platform.retention",
  /** Every 15 min (and at worker start): checks and repairs each customer's Whiplash webhook subscriptions. data: {} */
  webhookHealth: "platform.whiplash-webhook-health",
} as const;

export type PlatformJobName = (typeof PLATFORM_JOBS)[keyof typeof PLATFORM_JOBS];

/** Jobs that only need to know the shop. */
export interface ShopJobData {
  shopId: string;
}

export interface PurgeJobData {
  shopId: string;
  /** The uninstall this purge belongs to; a later reinstall (or a newer uninstall) makes it a no-op. */
  uninstalledAt: string;
}

/** What started a reconciliation (stored on its report). */
export type ReconcileTrigger = "SCHEDULED" | "MANUAL" | "REINSTALL";

export interface ReconcileJobData {
  shopId: string;
  trigger?: ReconcileTrigger;
}

// --- Merchant UI jobs (handlers: bulk/handlers.ts) ---

/** Advances one bulk run (read a saved search, apply the action, follow the writer). data: { runId } */
export const BULK_RUN_JOB = "ui.bulk-run";
/** Queues a sync of every matched item of a shop after a settings change. data: { shopId, trigger } */
export const RESYNC_JOB = "ui.resync";

export interface BulkRunJobData {
  runId: string;
}

export interface ResyncJobData {
  shopId: string;
  trigger: SyncTrigger;
}

/** Every job name with the data its handler receives. */
export interface JobDataByName {
  [WHIPLASH_EVENT_JOB]: WhiplashEventJobData;
  [SHOP_WRITER_JOB]: ShopWriterJobData;
  [WHIPLASH_IMPORT_JOB]: WhiplashImportJobData;
  [PLATFORM_JOBS.shopRedact]: ShopJobData;
  [PLATFORM_JOBS.purgeUninstalled]: PurgeJobData;
  [PLATFORM_JOBS.drift]: ShopJobData;
  [PLATFORM_JOBS.reconcile]: ReconcileJobData;
  [PLATFORM_JOBS.reconcileCollect]: ShopJobData;
  [PLATFORM_JOBS.reconcileSchedule]: Record<string, never>;
  [PLATFORM_JOBS.writerSweep]: Record<string, never>;
  [PLATFORM_JOBS.retention]: Record<string, never>;
  [PLATFORM_JOBS.webhookHealth]: Record<string, never>;
  [BULK_RUN_JOB]: BulkRunJobData;
  [RESYNC_JOB]: ResyncJobData;
}

export type JobName = keyof JobDataByName;
