// Import a customer's Whiplash items (with per-warehouse quantities) and open ship notices, when a shop
// is connected or on demand. Every change goes through the domain core: a new item starts as
// newItemState and takes ITEM_CREATED / SHIP_NOTICE_LINE_UPDATED events stamped with Whiplash's own
// updated_at, so webhooks older than the import are recognised as stale afterwards (rule 3.7).
// Whiplash's Process Orders flag (`available`) is taken as-is for items we did not have (set by IMPORT,
// through upsertImportedItem); for items we have, it travels in the item event like any other report of
// Whiplash's flag, so a re-import (the periodic catch-up) follows a change made in Whiplash (rule 3.10).
// Whiplash's Sync Inventory settings (customer default and item codes) and inbound publishing are taken the
// same way at every import (docs/decisions/0010): an item set to Never in Whiplash is Never here.
import type { PrismaClient } from "@prisma/client";
import { applyWarehouseEvent, sameItem, type CustomerPrefs, type ItemState, type WarehouseEvent } from "../../domain";
import type { Logger } from "../logger";
import type { WhiplashClient, WhiplashShipNoticeResource } from "../whiplash/client";
import type { WhiplashItem } from "../whiplash/payloads";
import { COMPLETED_STATUS, payloadQuantities, whiplashFlag } from "../warehouse/apply-mapping";
import { recordWhiplashCustomerDefault, requireCustomerRow, toCustomerPrefs } from "../db/customers";
import { upsertShipNotice } from "../db/ship-notices";
import type { ImportedItemInput } from "../db/items";
import { repositoryItemStore, type ItemStore } from "../warehouse/apply-item-store";

export interface ImportResult {
  items: number;
  created: number;
  updated: number;
  shipNotices: number;
  /** Whiplash item ids whose state changed. */
  changedItemIds: string[];
}

export interface ImportDeps {
  prisma: PrismaClient;
  client: WhiplashClient;
  logger: Logger;
  items?: ItemStore;
}

/** Ship-notice lines per Whiplash item id, from open notices (completed ones publish nothing). */
function linesByItem(notices: WhiplashShipNoticeResource[]): Map<number, WarehouseEvent[]> {
  const out = new Map<number, WarehouseEvent[]>();
  for (const notice of notices) {
    if (notice.warehouse_id == null) continue;
    for (const line of notice.shipnotice_items ?? []) {
      const at = line.updated_at ?? notice.updated_at;
      if (!at || line.quantity == null) continue;
      const event: WarehouseEvent = {
        type: "SHIP_NOTICE_LINE_UPDATED",
        at,
        line: {
          shipNoticeId: notice.id,
          lineId: line.id,
          warehouseId: line.warehouse_id ?? notice.warehouse_id,
          expected: line.quantity,
          publish: line.include_in_published ?? false,
          ...(line.quantity_good != null ? { receivedGood: line.quantity_good } : {}),
          ...(line.quantity_damaged != null ? { damaged: line.quantity_damaged } : {}),
          noticeCompleted: notice.status === COMPLETED_STATUS,
        },
      };
      out.set(line.item_id, [...(out.get(line.item_id) ?? []), event]);
    }
  }
  return out;
}

function itemEvent(item: WhiplashItem, created: boolean): WarehouseEvent | null {
  if (!item.updated_at) return null;
  const quantities = payloadQuantities(item);
  return {
    type: created ? "ITEM_CREATED" : "ITEM_UPDATED",
    at: item.updated_at,
    ...(item.sku ? { sku: item.sku } : {}),
    ...(quantities ? { sellableByWarehouse: quantities } : {}),
    ...whiplashFlag(item),
  };
}

/**
 * A new item as Whiplash has it: its Process Orders flag (`available`) as the warehouse set it, and, when
 * it has evidently been received before (stock or Process Orders on), the automation version at its
 * updated_at, so FIRST_RECEIPT_ONLY does not take the next receipt for the first one.
 */
function importedItem(item: WhiplashItem): ImportedItemInput {
  const received = item.available === true || (item.quantity ?? 0) > 0 || (payloadQuantities(item) ? Object.values(payloadQuantities(item)!).some((q) => q > 0) : false);
  return {
    whiplashItemId: item.id,
    sku: item.sku ?? "",
    title: item.title ?? undefined,
    initial: {
      processOrders: item.available ?? false,
      ...(received && item.updated_at ? { processOrdersEventAt: item.updated_at } : {}),
      ...(typeof item.available === "boolean" && item.updated_at ? { whiplashProcessOrdersAt: item.updated_at } : {}),
    },
  };
}

/**
 * Whiplash's customer-level Sync Inventory default (Customer Preferences), taken per docs/decisions/0010.
 * A customer resource without the field changes nothing; one without updated_at is ordered by the read time.
 */
async function readCustomerDefault(deps: ImportDeps, customerId: string, prefs: CustomerPrefs): Promise<CustomerPrefs> {
  const resource = await deps.client.getCustomer();
  if (!("notify_originator_inventory" in resource)) return prefs;
  const raw = resource.notify_originator_inventory;
  const code = raw == null ? null : Number(raw);
  if (code !== null && !Number.isInteger(code)) {
    deps.logger.warn("whiplash customer: notify_originator_inventory is not an integer; default kept", { customer: customerId });
    return prefs;
  }
  const stamp = typeof resource.updated_at === "string" && !Number.isNaN(Date.parse(resource.updated_at)) ? new Date(resource.updated_at) : new Date();
  return recordWhiplashCustomerDefault(deps.prisma, customerId, code, stamp);
}

export async function importCustomerItems(deps: ImportDeps, customerId: string): Promise<ImportResult> {
  const { prisma, client } = deps;
  const store = deps.items ?? repositoryItemStore(prisma);
  const customer = await requireCustomerRow(prisma, customerId);
  const prefs: CustomerPrefs = await readCustomerDefault(deps, customerId, toCustomerPrefs(customer));
  const notices = (await client.listShipNotices()).filter((n) => n.status !== COMPLETED_STATUS);
  const lines = linesByItem(notices);
  const result: ImportResult = { items: 0, created: 0, updated: 0, shipNotices: notices.length, changedItemIds: [] };

  for await (const page of client.itemPages()) {
    // Items without per-warehouse quantities in the list are completed one by one (the API has them apart).
    const complete: WhiplashItem[] = [];
    for (const item of page) {
      complete.push(payloadQuantities(item) || item.quantity == null ? item : { ...item, warehouse_quantities: await client.getItemWarehouseQuantities(item.id) });
    }
    for (const item of complete) {
      result.items++;
      const existing = await store.load(customerId, item.id);
      const record = existing ?? (await store.create(customerId, importedItem(item)));
      let state: ItemState = record.state;
      const events = [itemEvent(item, !existing), ...(lines.get(item.id) ?? [])].filter((e): e is WarehouseEvent => e !== null);
      for (const event of events) state = applyWarehouseEvent(state, event, prefs).item;
      if (!existing) result.created++;
      if (!sameItem(record.state, state)) {
        await store.save(customerId, record, state);
        if (existing) result.updated++;
        result.changedItemIds.push(record.id);
      }
    }
  }
  for (const notice of notices) {
    if (notice.warehouse_id == null || notice.status == null || !notice.updated_at) continue;
    await upsertShipNotice(prisma, customerId, { whiplashId: notice.id, warehouseId: notice.warehouse_id, status: notice.status, at: new Date(notice.updated_at) });
  }
  deps.logger.info("whiplash import done", { customer: customerId, items: result.items, created: result.created, updated: result.updated });
  return result;
}
