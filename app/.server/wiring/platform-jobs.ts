// The platform's job handlers, for the worker's handler registry:
//   new Worker({ queue, handlers: { ...otherHandlers, ...platformJobHandlers(deps) } })
// and at worker start-up: ensureReconcileSchedule(queue, new Date()), runWriterSweep(deps, new Date()),
// ensureRetentionSchedule(queue, new Date(), "start").
import type { JobHandler } from "../jobs/worker";
import type { PlatformJobDeps } from "./deps";
import { runDriftJob } from "../reconcile/drift";
import { PLATFORM_JOBS, type PurgeJobData, type ReconcileJobData, type ShopJobData } from "../jobs/registry";
import { collectReconciliation, startReconciliation } from "../reconcile/reconcile";
import { runReconcileSchedule } from "../reconcile/reconcile-schedule";
import { runShopRedact } from "../lifecycle/shop-redact";
import { purgeUninstalledShop } from "../lifecycle/uninstall";
import { runWriterSweep } from "../sync/writer-sweep";
import { runRetentionJob } from "../lifecycle/retention";
import { runInFlightOrdersJob } from "../orders/apply-shopify-orders";
import { DEFAULT_IN_FLIGHT_EXPIRY_HOURS, runInFlightExpiry } from "../orders/expire-orders";

export function platformJobHandlers(deps: PlatformJobDeps): Record<string, JobHandler<never>> {
  const handlers: Record<string, JobHandler<never>> = {
    [PLATFORM_JOBS.shopRedact]: ((job) => runShopRedact(deps, job.data, job.id)) as JobHandler<ShopJobData>,
    [PLATFORM_JOBS.purgeUninstalled]: ((job) => purgeUninstalledShop(deps, job.data, job.id)) as JobHandler<PurgeJobData>,
    [PLATFORM_JOBS.drift]: ((job, ctx) => runDriftJob(deps, job.data, ctx.signal)) as JobHandler<ShopJobData>,
    [PLATFORM_JOBS.reconcile]: ((job) => startReconciliation(deps, job.data)) as JobHandler<ReconcileJobData>,
    [PLATFORM_JOBS.reconcileCollect]: ((job, ctx) => collectReconciliation(deps, job.data, ctx.signal)) as JobHandler<ShopJobData>,
    [PLATFORM_JOBS.reconcileSchedule]: (() => runReconcileSchedule(deps)) as JobHandler<unknown>,
    [PLATFORM_JOBS.writerSweep]: (() => runWriterSweep(deps, deps.now())) as JobHandler<unknown>,
    [PLATFORM_JOBS.retention]: (() => runRetentionJob(deps)) as JobHandler<unknown>,
    [PLATFORM_JOBS.inFlightOrders]: ((job, ctx) => runInFlightOrdersJob(deps, job.data, ctx.signal)) as JobHandler<ShopJobData>,
    [PLATFORM_JOBS.inFlightExpiry]: (() => runInFlightExpiry(deps, deps.inFlightExpiryHours ?? DEFAULT_IN_FLIGHT_EXPIRY_HOURS)) as JobHandler<unknown>,
  };
  return handlers;
}
