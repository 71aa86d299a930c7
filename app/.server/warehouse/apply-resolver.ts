// EventResolver for the worker: stored state from the database, missing facts re-read from Whiplash.
import type { PrismaClient } from "@prisma/client";
import type { WarehouseQuantities } from "../../domain";
import { getShipNotice } from "../db/ship-notices";
import type { WhiplashClient } from "../whiplash/client";
import { payloadQuantities, type EventResolver } from "./apply-mapping";
import type { ItemStore } from "./apply-item-store";

export function createEventResolver(
  prisma: PrismaClient,
  items: ItemStore,
  customerId: string,
  client: () => WhiplashClient,
): EventResolver {
  return {
    currentItem: async (id) => (await items.load(customerId, id))?.state ?? null,
    fetchItem: (id) => client().getItem(id),
    async fetchWarehouseQuantities(id): Promise<WarehouseQuantities> {
      const rows = await client().getItemWarehouseQuantities(id);
      return payloadQuantities({ id, warehouse_quantities: rows }) ?? {};
    },
    fetchItemShipNoticeLines: (id) => client().getItemShipNoticeItems(id),
    async shipNotice(id) {
      const row = await getShipNotice(prisma, customerId, id);
      return row ? { warehouseId: row.warehouseId, status: row.status } : null;
    },
    fetchShipNotice: (id) => client().getShipNotice(id),
    async itemsWithLinesIn(id) {
      return (await getShipNotice(prisma, customerId, id))?.lines.map((l) => l.whiplashItemId) ?? [];
    },
  };
}
