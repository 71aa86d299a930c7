// "Change item settings": Sync Inventory, buffer override and Process Orders of Whiplash items. The item
// page, the Items bulk actions, the Bulk page and both admin extensions all change them here. A setting
// belongs to the Whiplash item, which every store of the customer shares, so the new decision is planned
// and queued in each of them (queueCustomerSyncs, trigger SETTINGS; writers decide again at send time).
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { applyWarehouseEvent, ITEM_SYNC_SETTINGS, SYNC_SETTING_LABELS } from "../../domain";
import { fieldErrorsOf } from "../../shared/form-errors";
import { ItemVersionConflictError, loadItemRecord, saveItemState, updateItemSettings, type ItemSettingsPatch } from "../db/items";
import { isMatchedItem } from "../db/matched-items";
import type { ConnectedScope } from "../db/shop-scope";
import type { JobQueue } from "../jobs/types";
import { NOT_FOUND, type ActionResult } from "./command-result";
import { queueCustomerSyncs, type ActingShop, type ShopSyncs } from "./queue-syncs";
import { queueRulesWriteBack } from "../catalog/write-rules";

/** Saves the settings of the customer's items, then queues the syncs the change calls for in every store. */
export async function changeItemSettings(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  acting: ActingShop,
  itemIds: readonly string[],
  patch: ItemSettingsPatch,
): Promise<ShopSyncs> {
  if (itemIds.length > 0) await updateItemSettings(prisma, acting.customer.id, itemIds, patch);
  // A Sync Inventory change is Whiplash's setting too: written back through the job queue (docs/decisions/0010).
  if (itemIds.length > 0 && patch.syncSetting !== undefined) await queueRulesWriteBack(prisma, queue, acting.customer.id);
  return queueCustomerSyncs(prisma, queue, acting, itemIds, { trigger: "SETTINGS" });
}

const bufferField = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === "") return null;
    if (!/^\d+$/.test(v)) {
      ctx.addIssue({ code: "custom", message: "Enter a whole number of units (0 or more), or leave empty to use the default." });
      return z.NEVER;
    }
    const n = Number(v);
    if (n > 1_000_000) {
      ctx.addIssue({ code: "custom", message: "A buffer above 1,000,000 units is not allowed." });
      return z.NEVER;
    }
    return n;
  });

export const RulesForm = z.object({
  syncSetting: z.enum(ITEM_SYNC_SETTINGS, { error: "Choose one of the four Sync Inventory options." }),
  bufferOverride: bufferField,
});

export const ProcessOrdersForm = z.object({
  processOrders: z.enum(["on", "off"], { error: "Choose on or off." }),
});

/** The item page's Rules form: Sync Inventory and buffer override of one item. */
export async function saveItemRules(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  itemId: string,
  form: Record<string, unknown>,
): Promise<ActionResult> {
  const parsed = RulesForm.safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  if (!(await isMatchedItem(prisma, scope, itemId))) return NOT_FOUND;
  const queued = await changeItemSettings(prisma, queue, scope, [itemId], {
    syncSetting: parsed.data.syncSetting,
    bufferOverride: parsed.data.bufferOverride,
  });
  const label = SYNC_SETTING_LABELS[parsed.data.syncSetting];
  return {
    ok: true,
    message: `Saved: Sync Inventory is ${label}`,
    detail: queued.writes.length ? "A sync was queued with the new setting." : undefined,
  };
}

/**
 * The item page's Process Orders toggle. A person's toggle is a command (decision record 0002): applied
 * through the domain core, saved with an optimistic version check, retried if a warehouse event saved the
 * item meanwhile.
 */
export async function setItemProcessOrders(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  itemId: string,
  form: Record<string, unknown>,
  now: () => Date = () => new Date(),
): Promise<ActionResult> {
  const parsed = ProcessOrdersForm.safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  if (!(await isMatchedItem(prisma, scope, itemId))) return NOT_FOUND;
  const on = parsed.data.processOrders === "on";
  for (let attempt = 0; attempt < 3; attempt++) {
    const record = await loadItemRecord(prisma, itemId, { customerId: scope.customer.id });
    if (!record) return NOT_FOUND;
    const { item } = applyWarehouseEvent(record.state, { type: "PROCESS_ORDERS_SET", at: now().toISOString(), processOrders: on }, scope.customerPrefs);
    try {
      await saveItemState(prisma, itemId, item, { customerId: scope.customer.id, expectedVersion: record.version });
    } catch (error) {
      if (error instanceof ItemVersionConflictError) continue;
      throw error;
    }
    await queueCustomerSyncs(prisma, queue, scope, [itemId], { trigger: "SETTINGS" });
    return { ok: true, message: `Process Orders turned ${on ? "on" : "off"}` };
  }
  return { ok: false, status: 409, message: "The item changed while saving. Reload the page and try again." };
}
