// "Sync now" and bulk "Sync inventory": a forced write of what Whiplash has (rule 3.6) for these items in
// every store of the customer. Sync now is trigger MANUAL from the item page; bulk syncs (Items page, Bulk
// page, the selection extension) are trigger BULK, tagged with their run when there is one.
import type { PrismaClient } from "@prisma/client";
import { describeSkipReason } from "../../domain";
import { isMatchedItem } from "../db/matched-items";
import type { ConnectedScope } from "../db/shop-scope";
import type { JobQueue } from "../jobs/types";
import { NOT_FOUND, type ActionResult } from "./command-result";
import { queueCustomerSyncs, type ActingShop, type ShopSyncs } from "./queue-syncs";

export interface SyncItemsOptions {
  trigger: "MANUAL" | "BULK";
  runId?: string | null;
  /** Log the acting shop's skips at once (a person waits to see why). */
  logSkips?: boolean;
}

export function syncItems(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  acting: ActingShop,
  itemIds: readonly string[],
  options: SyncItemsOptions,
): Promise<ShopSyncs> {
  return queueCustomerSyncs(prisma, queue, acting, itemIds, options);
}

/** The item page's "Sync now": answers with what the acting shop will get, or why not. */
export async function syncItemNow(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  itemId: string,
): Promise<ActionResult> {
  if (!(await isMatchedItem(prisma, scope, itemId))) return NOT_FOUND;
  const queued = await syncItems(prisma, queue, scope, [itemId], { trigger: "MANUAL", logSkips: true });
  if (queued.writes.length > 0) {
    const parts = queued.writes.map((w) => `${w.quantity}`).join(", ");
    return { ok: true, message: `Sync queued: writing ${parts} to Shopify`, detail: "The result appears in History in a moment." };
  }
  const skip = queued.skips[0];
  const text = skip ? describeSkipReason(skip.reason) : "Nothing to sync.";
  return { ok: true, message: text, detail: "Nothing was sent to Shopify. The reason is in History." };
}
