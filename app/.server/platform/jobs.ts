// The platform's job handlers, for the worker's handler registry:
//   new Worker({ queue, handlers: { ...otherHandlers, ...platformJobHandlers(deps) } })
import type { JobHandler } from "../jobs/worker";
import type { PlatformDeps } from "./deps";
import { PLATFORM_JOBS } from "./job-names";
import { runShopRedact, type ShopJobData } from "./shop-redact";
import { purgeUninstalledShop, type PurgeJobData } from "./uninstall";

export function platformJobHandlers(deps: PlatformDeps): Record<string, JobHandler<never>> {
  const handlers: Record<string, JobHandler<never>> = {
    [PLATFORM_JOBS.shopRedact]: ((job) => runShopRedact(deps, job.data, job.id)) as JobHandler<ShopJobData>,
    [PLATFORM_JOBS.purgeUninstalled]: ((job) => purgeUninstalledShop(deps, job.data, job.id)) as JobHandler<PurgeJobData>,
  };
  return handlers;
}
