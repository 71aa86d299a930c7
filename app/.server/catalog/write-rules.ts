// Write-back of Sync Inventory changes made in this app to Whiplash (issue 15 item 2, docs/decisions/0010):
// `PUT /items/{id}` and `PUT /customers/{id}` with the code from the one table. Runs as a job per customer
// (WHIPLASH_WRITE_RULES_JOB) over every item marked pending, so bulk changes coalesce and a failure retries
// through the job queue. Newer change wins by time: an item whose setting Whiplash changed after the
// merchant's (syncSettingSetBy is no longer PERSON) is not written; its pending mark is dropped.
import type { PrismaClient } from "@prisma/client";
import { codeForCustomerDefault, codeForItemSetting } from "../../domain";
import type { JobQueue } from "../jobs/types";
import { WHIPLASH_WRITE_RULES_JOB, type WhiplashWriteRulesJobData } from "../jobs/registry";
import { RetriableJobError } from "../jobs/errors";
import type { Logger } from "../logger";
import type { WhiplashClient } from "../whiplash/client";
import { WhiplashApiError } from "../whiplash/errors";

/** Items written per job run; more pending items queue the next run. */
const BATCH = 100;

export interface WriteRulesResult {
  written: number;
  skipped: number;
  failed: number;
  customer: "written" | "skipped" | "none";
  more: boolean;
}

/**
 * Queues the customer's write-back (one waiting job per customer). A customer who turned write-back off keeps
 * Whiplash's screens the only editor: nothing is queued and no change is shown as waiting for Whiplash.
 */
export async function queueRulesWriteBack(prisma: PrismaClient, queue: Pick<JobQueue, "send">, customerId: string): Promise<boolean> {
  const customer = await prisma.customer.findUnique({ where: { id: customerId }, select: { rulesWriteBack: true } });
  if (!customer) return false;
  if (!customer.rulesWriteBack) {
    await prisma.item.updateMany({ where: { customerId, rulesWritePendingAt: { not: null } }, data: { rulesWritePendingAt: null } });
    await prisma.customer.update({ where: { id: customerId }, data: { defaultWritePendingAt: null } });
    return false;
  }
  await queue.send<WhiplashWriteRulesJobData>(WHIPLASH_WRITE_RULES_JOB, { customerId }, { singletonKey: customerId, retryLimit: 8 });
  return true;
}

/** A refusal Whiplash will repeat (4xx other than 408/429): recorded on the item, not retried. */
function isPermanent(error: unknown): error is WhiplashApiError {
  return error instanceof WhiplashApiError && !error.retriable;
}

/** A History row for what became of a merchant's change (side APP). */
function history(prisma: PrismaClient, itemId: string, setting: string | null, code: number | null, outcome: "WRITTEN" | "NOT_WRITTEN" | "REFUSED") {
  return prisma.itemRuleChange.create({ data: { itemId, at: new Date(), side: "APP", setting, code, outcome } });
}

export async function writeRulesToWhiplash(
  deps: { prisma: PrismaClient; client: WhiplashClient; logger: Logger; queue: Pick<JobQueue, "send"> },
  customerId: string,
): Promise<WriteRulesResult> {
  const { prisma, client } = deps;
  const result: WriteRulesResult = { written: 0, skipped: 0, failed: 0, customer: "none", more: false };
  const customer = await prisma.customer.findUniqueOrThrow({ where: { id: customerId } });
  if (!customer.rulesWriteBack) return result; // turned off after the job was queued: nothing is written

  if (customer.defaultWritePendingAt) {
    const pendingAt = customer.defaultWritePendingAt;
    if (customer.defaultSyncSettingSetBy === "PERSON") {
      await client.updateCustomerRules({ notify_originator_inventory: codeForCustomerDefault(customer.defaultSyncSetting) });
      result.customer = "written";
    } else {
      result.customer = "skipped";
    }
    // Only this change: a newer one made meanwhile keeps its own mark.
    await prisma.customer.updateMany({ where: { id: customerId, defaultWritePendingAt: pendingAt }, data: { defaultWritePendingAt: null } });
  }

  const items = await prisma.item.findMany({
    where: { customerId, rulesWritePendingAt: { not: null } },
    select: { id: true, whiplashItemId: true, syncSetting: true, syncSettingSetBy: true, rulesWritePendingAt: true },
    orderBy: { id: "asc" },
    take: BATCH + 1,
  });
  result.more = items.length > BATCH;
  let retryLater: unknown = null;
  for (const item of items.slice(0, BATCH)) {
    const mark = { id: item.id, rulesWritePendingAt: item.rulesWritePendingAt };
    if (item.syncSettingSetBy !== "PERSON") {
      // Whiplash changed it after the merchant (the newer change won): nothing to write.
      await prisma.item.updateMany({ where: mark, data: { rulesWritePendingAt: null } });
      await history(prisma, item.id, null, null, "NOT_WRITTEN");
      result.skipped++;
      continue;
    }
    try {
      const code = codeForItemSetting(item.syncSetting);
      await client.updateItemRules(item.whiplashItemId, { notify_originator_inventory: code });
      await prisma.item.updateMany({ where: mark, data: { rulesWritePendingAt: null, rulesWriteError: null } });
      await history(prisma, item.id, item.syncSetting, code, "WRITTEN");
      result.written++;
    } catch (error) {
      if (!isPermanent(error)) {
        retryLater ??= error;
        continue;
      }
      await prisma.item.updateMany({ where: mark, data: { rulesWritePendingAt: null, rulesWriteError: `Whiplash refused the change: ${error.message}` } });
      await history(prisma, item.id, item.syncSetting, null, "REFUSED");
      result.failed++;
    }
  }
  deps.logger.info("whiplash rules written", { customer: customerId, items: result.written, skipped: result.skipped, failed: result.failed, default: result.customer });
  if (retryLater) {
    throw new RetriableJobError(`writing Sync Inventory to Whiplash: ${(retryLater as Error).message}`);
  }
  if (result.more) await queueRulesWriteBack(prisma, deps.queue, customerId);
  return result;
}
