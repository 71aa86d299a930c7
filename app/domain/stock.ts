// Small arithmetic shared by the rules (kept apart so rule modules do not import each other in a cycle).
import type { ItemState } from "./types";

/** Non-negative whole units (the warehouse can report negative stock when oversold; it never ships it). */
export function units(n: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0;
}

/** Sellable units across every warehouse of the item (used for sell-out detection). */
export function totalSellable(item: Pick<ItemState, "sellableByWarehouse">): number {
  let total = 0;
  for (const q of Object.values(item.sellableByWarehouse)) total += units(q);
  return total;
}
