// Deterministic seed matching the Shopify simulator's catalog: its variants have SKUs "SKU-00001",
// "SKU-00002", ... (simulators/shopify/seed.ts), so Whiplash items SKU-00001..SKU-<items> match them.
// Some items were never received (the standard setup must never zero them in Shopify), some sold out,
// a few ship notices are open (in transit, arrived, partly received) with some lines published early,
// and two deliberate anomalies exercise matching: a SKU Shopify lacks and a SKU Whiplash has twice.
import { stamp, STATUS, type SimItem, type SimLine, type SimShipNotice, type SimState } from "./state";
import { createRandom } from "../shared/prng";

export const DEMO_CUSTOMER_ID = 1001;
export const WAREHOUSES = [
  { id: 1, name: "Ann Arbor, MI" },
  { id: 2, name: "Los Angeles, CA" },
];

export interface WhiplashSeedOptions {
  customerId?: number;
  customerName?: string;
  /** Items SKU-00001..SKU-<items>. */
  items?: number;
  /** Add the unmatched and duplicate SKU items (default true). */
  anomalies?: boolean;
  /** Add the open ship notices (default true). */
  shipNotices?: boolean;
  random?: () => number;
}

export { createRandom };

export const skuOf = (n: number) => `SKU-${String(n).padStart(5, "0")}`;

/** Item kinds by index, so tests can find e.g. a never-received item without scanning. */
export function seedKind(n: number): "never-received" | "sold-out" | "in-stock" {
  const r = n % 10;
  return r === 0 || r === 1 ? "never-received" : r === 2 ? "sold-out" : "in-stock";
}

export function seedWhiplash(state: SimState, options: WhiplashSeedOptions = {}): void {
  const random = options.random ?? createRandom(20261126);
  const customerId = options.customerId ?? DEMO_CUSTOMER_ID;
  for (const w of WAREHOUSES) state.warehouses.set(w.id, { ...w });
  state.customers.set(customerId, {
    id: customerId,
    name: options.customerName ?? "Whiplash Demo Co",
    items_unavailable_on_sellout: 1,
    // "Only when Process Orders" in the app's reading of the codes (docs/decisions/0010).
    notify_originator_inventory: 2,
  });

  const addItem = (sku: string, title: string, stock: Array<[number, number]>, received: boolean): SimItem => {
    const at = stamp(state);
    const item: SimItem = {
      id: ++state.ids.item,
      customer_id: customerId,
      sku,
      title,
      stock: new Map(stock),
      available: received && stock.some(([, q]) => q > 0),
      active: true,
      include_inbound_in_published: true,
      created_at: at,
      updated_at: at,
    };
    state.items.set(item.id, item);
    return item;
  };

  const count = options.items ?? 200;
  const bySku = new Map<number, SimItem>();
  for (let n = 1; n <= count; n++) {
    const kind = seedKind(n);
    const stock: Array<[number, number]> =
      kind === "never-received" ? [] : kind === "sold-out" ? [[1, 0]] : [[1, 1 + Math.floor(random() * 150)]];
    if (kind === "in-stock" && n % 7 === 0) stock.push([2, Math.floor(random() * 40)]);
    bySku.set(n, addItem(skuOf(n), `Demo item ${n}`, stock, kind !== "never-received"));
  }
  if (options.anomalies !== false) {
    addItem("WL-ONLY-0001", "Only at the warehouse (no Shopify variant)", [[1, 12]], true);
    if (count >= 3) addItem(skuOf(3), "Second item with SKU-00003 (duplicate SKU at Whiplash)", [[1, 5]], true);
  }
  if (options.shipNotices === false) return;

  const never = [...bySku.entries()].filter(([n]) => seedKind(n) === "never-received").map(([, i]) => i);
  const inStock = [...bySku.entries()].filter(([n]) => seedKind(n) === "in-stock").map(([, i]) => i);
  const notice = (warehouseId: number, status: number, wanted: Array<[SimItem | undefined, number, boolean, number?]>): SimShipNotice | null => {
    // Small seeds (tests) may lack some of the items a notice names: those lines are left out.
    const lines = wanted.filter((l): l is [SimItem, number, boolean, number?] => l[0] !== undefined);
    if (lines.length === 0) return null;
    const at = stamp(state);
    const id = ++state.ids.shipNotice;
    const sn: SimShipNotice = {
      id,
      customer_id: customerId,
      warehouse_id: warehouseId,
      status,
      reference: `PO-${id}`,
      completed_at: status === STATUS.COMPLETED ? at : null,
      created_at: at,
      updated_at: at,
      lines: lines.map(([item, quantity, publish, good = 0]): SimLine => ({
        id: ++state.ids.line,
        shipnotice_id: id,
        item_id: item.id,
        quantity,
        quantity_good: good,
        quantity_damaged: 0,
        include_in_published: publish,
        updated_at: at,
      })),
    };
    state.shipNotices.set(id, sn);
    // Units already received into an open notice are on the shelf at its warehouse.
    if (status !== STATUS.COMPLETED) {
      for (const line of sn.lines) {
        const item = state.items.get(line.item_id)!;
        if (line.quantity_good > 0) item.stock.set(warehouseId, (item.stock.get(warehouseId) ?? 0) + line.quantity_good);
      }
    }
    return sn;
  };
  // In transit: six never-received items, two published early (sell ahead of arrival).
  notice(1, STATUS.IN_TRANSIT, never.slice(0, 6).map((item, i) => [item, 24 + i * 6, i < 2]));
  // Arrived, waiting to be received: four never-received items and two restocks.
  notice(1, STATUS.ARRIVED, [...never.slice(6, 10).map((item): [SimItem, number, boolean] => [item, 36, false]), [inStock[0], 50, false], [inStock[1], 20, true]]);
  // Being received at the second warehouse: one line partly in.
  notice(2, STATUS.PROCESSING, [[inStock[2], 30, false, 10], [inStock[3], 12, false], [inStock[4], 8, true]]);
  // History: a completed notice (its lines publish nothing).
  notice(1, STATUS.COMPLETED, [[inStock[5], 40, false, 40], [inStock[6], 10, true, 10]]);
  // Never-received items beyond index 10 are in no notice: they stay unreceived (never zeroed in Shopify).
}
