// EventResolver for the worker: stored state from the database, missing facts re-read from Whiplash.
import type { PrismaClient } from "@prisma/client";
import type { WarehouseQuantities } from "../../domain";
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
    currentItem: async (id) => (await items.load(prisma, customerId, id))?.state ?? null,
    fetchItem: (id) => client().getItem(id),
    async fetchWarehouseQuantities(id): Promise<WarehouseQuantities> {
      const rows = await client().getItemWarehouseQuantities(id);
      return payloadQuantities({ id, warehouse_quantities: rows }) ?? {};
    },
    fetchItemShipNoticeLines: (id) => client().getItemShipNoticeItems(id),
    async shipNotice(id) {
      const row = await prisma.shipNotice.findUnique({
        where: { customerId_whiplashId: { customerId, whiplashId: id } },
        select: { warehouseId: true, status: true },
      });
      return row ? { warehouseId: row.warehouseId, status: row.status } : null;
    },
    fetchShipNotice: (id) => client().getShipNotice(id),
    async itemsWithLinesIn(id) {
      const rows = await prisma.shipNoticeLine.findMany({
        where: { shipNotice: { customerId, whiplashId: id } },
        select: { item: { select: { whiplashItemId: true } } },
      });
      return rows.map((r) => r.item.whiplashItemId);
    },
  };
}
