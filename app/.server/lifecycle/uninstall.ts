// app/uninstalled, reinstall and the 48 h purge.
// Uninstall runs inside the webhook request: it is a handful of indexed database writes (no Admin API
// call), and doing it at once is what stops the writer — a job could wait behind a busy queue while the
// writer keeps using a token Shopify has already revoked.
import type { PrismaClient } from "@prisma/client";
import { cancelPendingSyncs } from "../db/pending-syncs";
import { deleteShopSessions } from "../db/sessions";
import { getShopInstallState, markShopUninstalledAt, restoreUninstalledShop } from "../db/shops";
import type { JobQueue } from "../jobs/types";
import type { Logger } from "../logger";
import { eraseShopData } from "../db/erase-shop-data";
import { PLATFORM_JOBS, type PurgeJobData } from "../jobs/registry";

export interface UninstallDeps {
  prisma: PrismaClient;
  queue: Pick<JobQueue, "send" | "cancelByShop">;
  logger: Logger;
  now: () => Date;
}

export type UninstallOutcome =
  | { outcome: "APPLIED"; detail: string }
  | { outcome: "STALE"; detail: string }
  | { outcome: "UNUSED"; detail: string };

export type { PurgeJobData };

/** Settings of an uninstalled shop are kept this long in case the merchant reinstalls. */
export const UNINSTALL_RETENTION_MS = 48 * 60 * 60 * 1000;

/**
 * Idempotent: a redelivery (or a retry after a crash half-way) does the same again harmlessly.
 * `triggeredAt` (X-Shopify-Triggered-At) guards against a late retry of an old uninstall arriving
 * after the merchant reinstalled: it must not uninstall the new installation.
 */
export async function markShopUninstalled(
  deps: UninstallDeps,
  shopId: string,
  triggeredAt: Date | null,
): Promise<UninstallOutcome> {
  const { prisma, queue, logger } = deps;
  const shop = await getShopInstallState(prisma, shopId);
  if (shop && shop.uninstalledAt === null && triggeredAt && triggeredAt < shop.installedAt) {
    logger.warn("ignoring app/uninstalled older than the current installation", { shop: shopId });
    return { outcome: "STALE", detail: "triggered before the current installation" };
  }
  // The offline token is revoked by Shopify: a session left behind would only produce 401s.
  const sessions = await deleteShopSessions(prisma, shopId);
  if (!shop) {
    logger.info("app/uninstalled for a shop we never set up", { shop: shopId, sessions });
    return { outcome: "UNUSED", detail: "unknown shop" };
  }
  const uninstalledAt = shop.uninstalledAt ?? deps.now();
  // First the flag (the writer and shopsForCustomer check it), then drop queued work.
  await markShopUninstalledAt(prisma, shopId, uninstalledAt);
  const pending = await cancelPendingSyncs(prisma, shopId);
  const jobs = await queue.cancelByShop(shopId);
  const data: PurgeJobData = { shopId, uninstalledAt: uninstalledAt.toISOString() };
  await queue.send(PLATFORM_JOBS.purgeUninstalled, data, {
    shopId,
    startAfter: new Date(uninstalledAt.getTime() + UNINSTALL_RETENTION_MS),
  });
  logger.info("shop uninstalled; settings kept 48 h", { shop: shopId, pending, jobs, sessions });
  return { outcome: "APPLIED", detail: `cancelled ${pending} pending syncs and ${jobs} jobs` };
}

export type ReinstallResult = "new" | "active" | "restored" | "expired";

/**
 * Runs after every successful token exchange (afterAuth). A shop uninstalled less than 48 h ago gets its
 * kept settings back; an older one whose purge has not run yet (worker down) starts from scratch.
 */
export async function restoreOnReinstall(
  deps: Pick<UninstallDeps, "prisma" | "logger" | "now">,
  shopId: string,
): Promise<ReinstallResult> {
  const { prisma, logger } = deps;
  const shop = await getShopInstallState(prisma, shopId);
  if (!shop) return "new";
  if (shop.uninstalledAt === null) return "active";
  const now = deps.now();
  if (now.getTime() - shop.uninstalledAt.getTime() <= UNINSTALL_RETENTION_MS) {
    // Conditional on the same uninstalledAt: two concurrent first requests restore once.
    await restoreUninstalledShop(prisma, shopId, shop.uninstalledAt, now);
    logger.info("shop reinstalled within 48 h; settings restored", { shop: shopId });
    return "restored";
  }
  await eraseShopData(prisma, shopId, { keepSessions: true });
  logger.info("shop reinstalled after the 48 h retention; old settings erased", { shop: shopId });
  return "expired";
}

/** The purge job: erases the shop unless it came back (or was uninstalled again later). */
export async function purgeUninstalledShop(
  deps: Pick<UninstallDeps, "prisma" | "logger">,
  data: PurgeJobData,
  jobId?: string,
): Promise<{ purged: boolean }> {
  const shop = await getShopInstallState(deps.prisma, data.shopId);
  if (!shop || shop.uninstalledAt === null || shop.uninstalledAt.toISOString() !== data.uninstalledAt) {
    return { purged: false };
  }
  await eraseShopData(deps.prisma, data.shopId, { keepJobId: jobId });
  deps.logger.info("uninstalled shop purged after 48 h", { shop: data.shopId });
  return { purged: true };
}
