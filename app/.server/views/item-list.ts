// The Items page's read model: one page of a shop's matched items (ItemLink x Item) under the list query's
// search, filters and sort. The database finds the page (count and item ids: db/item-list-queries.ts, fast
// at 100,000 items, bench/item-list.ts); this file describes each row with the domain core (item-view.ts).
// The list query itself (parsing, filter parameters) is app/shared/item-list-query.ts.
import type { PrismaClient } from "@prisma/client";
import { SYNC_SETTING_LABELS, type ItemSyncSetting, type ProcessOrdersSetBy } from "../../domain";
import type { ItemListQuery } from "../../shared/item-list-query";
import { knownLevels, listLinksForShop, syncStatusOfLinks } from "../db/item-links";
import { pageItemIds } from "../db/item-list-queries";
import { loadItemStates } from "../db/items";
import { unitsInFlightByItem } from "../db/in-flight-orders";
import { viewItem, type ItemDecisionView } from "./item-view";
import type { ConnectedScope } from "../db/shop-scope";

// The list query moved to app/shared (bulk runs use it too); re-exported for the page and its tests.
export {
  describeFilters,
  FILTER_KEYS,
  filterParams,
  hasFilters,
  ITEM_SORTS,
  parseItemListQuery,
  type ItemListQuery,
  type ItemSort,
} from "../../shared/item-list-query";

export const PAGE_SIZE = 50;

export interface ItemListRow extends ItemDecisionView {
  itemId: string;
  sku: string;
  productTitle: string;
  variantTitle: string;
  variantId: string;
  syncSetting: ItemSyncSetting;
  settingLabel: string;
  processOrders: boolean;
  processOrdersSetBy: ProcessOrdersSetBy;
  tracked: boolean;
  lastSyncedAt: string | null;
  lastError: string | null;
  driftDetectedAt: string | null;
}

export interface ItemListPage {
  rows: ItemListRow[];
  total: number;
  page: number;
  pageCount: number;
  hasNext: boolean;
  hasPrevious: boolean;
  query: ItemListQuery;
}

function iso(v: Date | string | null): string | null {
  if (v === null) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

export async function listItems(
  prisma: PrismaClient,
  scope: ConnectedScope,
  query: ItemListQuery,
  options: { pageSize?: number } = {},
): Promise<ItemListPage> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  let { ids, total } = await pageItemIds(prisma, scope, query, query.page, pageSize);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(query.page, pageCount);
  if (page !== query.page) ({ ids, total } = await pageItemIds(prisma, scope, query, page, pageSize));

  const links = await listLinksForShop(prisma, scope.shopId, { itemIds: ids });
  const linkOf = new Map(links.map((l) => [l.itemId, l]));
  const states = await loadItemStates(prisma, ids, { customerId: scope.customer.id });
  const levels = await knownLevels(prisma, scope.shopId, links.map((l) => l.inventoryItemId));
  // Last sync and last error are not on the link (issue 11): derived for this page's rows only.
  const status = await syncStatusOfLinks(prisma, scope.shopId, links);
  // Units in orders Whiplash has not imported (rule 3.9): the row compares Shopify with what the writer
  // would publish, as the item page and the mismatch filter do.
  const inFlight = await unitsInFlightByItem(prisma, scope.shopId, ids);
  const out: ItemListRow[] = [];
  for (const id of ids) {
    const state = states.get(id);
    const r = linkOf.get(id);
    if (!state || !r) continue; // deleted between the reads
    const view = viewItem(scope.prefs, scope.customerPrefs, state, { inventoryItemId: r.inventoryItemId, tracked: r.tracked, unitsInFlight: inFlight.get(id) }, levels.get(r.inventoryItemId) ?? {});
    out.push({
      ...view,
      itemId: id,
      sku: state.sku,
      productTitle: r.productTitle,
      variantTitle: r.variantTitle,
      variantId: r.variantId,
      syncSetting: state.syncSetting,
      settingLabel: SYNC_SETTING_LABELS[state.syncSetting],
      processOrders: state.processOrders,
      processOrdersSetBy: state.processOrdersSetBy,
      tracked: r.tracked,
      lastSyncedAt: iso(status.get(id)?.lastSyncedAt ?? null),
      lastError: status.get(id)?.lastError ?? null,
      driftDetectedAt: iso(r.driftDetectedAt),
    });
  }
  return { rows: out, total, page, pageCount, hasNext: page < pageCount, hasPrevious: page > 1, query: { ...query, page } };
}
