// One step of a bulk "Set Sync Inventory" run (Items page, Bulk page): changes the setting of a batch of
// the run's items with the one settings command (which queues the resulting syncs in every store of the
// customer) and records each item's result: UPDATED (before -> after), UNCHANGED, or SKIPPED.
import type { PrismaClient } from "@prisma/client";
import { SYNC_SETTING_LABELS, type ItemSyncSetting } from "../../domain";
import { setRunItemResults, type RunItemResult } from "../db/bulk-runs";
import { currentSyncSettings } from "../db/item-settings";
import type { ConnectedScope } from "../db/shop-scope";
import type { JobQueue } from "../jobs/types";
import { changeItemSettings } from "./change-item-settings";

export async function bulkSetStep(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  runId: string,
  setting: ItemSyncSetting,
  itemIds: readonly string[],
): Promise<void> {
  const before = await currentSyncSettings(prisma, scope.customer.id, itemIds);
  const changing = [...before].filter(([, s]) => s !== setting).map(([id]) => id);
  // The new settings take effect: a normal (unforced) sync of the changed items, planned per store.
  if (changing.length) await changeItemSettings(prisma, queue, scope, changing, { syncSetting: setting });
  const results: RunItemResult[] = itemIds.map((itemId) => {
    const was = before.get(itemId);
    if (was === undefined) return { itemId, outcome: "SKIPPED", reason: "UNMATCHED", detail: "No longer an item of this store." };
    if (was === setting) return { itemId, outcome: "UNCHANGED", reason: "UNCHANGED_SETTING", detail: `Already ${SYNC_SETTING_LABELS[setting]}` };
    return { itemId, outcome: "UPDATED", reason: setting, detail: `${SYNC_SETTING_LABELS[was]} -> ${SYNC_SETTING_LABELS[setting]}` };
  });
  await setRunItemResults(prisma, runId, results);
}
