// shop/redact (sent by Shopify 48 h after an uninstall): erase everything we hold for the shop.
import type { PlatformDeps } from "../wiring/deps";
import { eraseShopData, type EraseResult } from "../db/erase-shop-data";
import { SHOPIFY_SOURCE, settleEvent } from "../intake/inbound-events";
import { TOPICS } from "../intake/shopify-topics";
import type { ShopJobData } from "../jobs/registry";
import { pendingEventsOfShop } from "../db/inbound-events";
import { getShopInstallState } from "../db/shops";

export type { ShopJobData };

export async function runShopRedact(
  deps: Pick<PlatformDeps, "prisma" | "logger" | "now">,
  data: ShopJobData,
  jobId?: string,
): Promise<{ erased: boolean } & Partial<EraseResult>> {
  const { prisma, logger } = deps;
  const requests = await pendingEventsOfShop(prisma, { source: SHOPIFY_SOURCE, shopId: data.shopId, topic: TOPICS.shopRedact });
  const latest = requests.at(-1);
  if (!latest) return { erased: false };
  const shop = await getShopInstallState(prisma, data.shopId);
  // Reinstalled after the request was made: the request was about the old installation's data, which
  // the reinstall already replaced (restoreOnReinstall erases settings older than 48 h). Erasing now
  // would wipe the merchant's new installation.
  if (shop && shop.uninstalledAt === null && shop.installedAt > latest.receivedAt) {
    for (const r of requests) await settleEvent(prisma, r.id, "STALE", "shop reinstalled after the request", deps.now());
    logger.warn("shop/redact ignored: the shop was reinstalled after the request", { shop: data.shopId });
    return { erased: false };
  }
  const result = await eraseShopData(prisma, data.shopId, { keepJobId: jobId, keepEventId: latest.id });
  await settleEvent(prisma, latest.id, "APPLIED", "shop data erased", deps.now());
  logger.info("shop/redact: shop data erased", { shop: data.shopId, customerDeleted: result.customerDeleted });
  return { erased: true, ...result };
}
