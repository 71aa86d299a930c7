// Applying one warehouse event to an item: quantities, receipts, ship-notice lines, Process Orders
// automation (rule 3.4) and the ordering rule for late and repeated events (rule 3.7).
//
// Ordering. Whiplash sends no event id and no order; each event carries its resource's `updated_at` (`at`).
// Three independent "versions" are kept, each advanced only by data it orders:
//   - item.lastEventAt           item quantities (sellable by warehouse);
//   - item.settingsEventAt       item settings carried by warehouse events (sku, sync setting, buffer);
//   - line.lastEventAt           a ship-notice line's expected quantity and publish flag;
//   - item.processOrdersEventAt  Process Orders automation (receipt / adjustment switches on, sell-out off).
// Data at or before its version is stale and ignored. Facts that only grow are taken from any event, late or
// not: a line's received-good and damaged counters (max), the item's received total (sum of counter growth),
// firstReceivedAt (earliest), and a ship notice being completed.
// Consequences: applying an event twice equals applying it once, and for warehouse events the final state
// does not depend on arrival order (the newest event wins), which the property tests check.
//
// Ties (issue 12, item 10). Whiplash's timestamp precision is not documented, so two different changes may
// carry the same `updated_at`. Data at exactly its version's time is handled by content:
//   - the same content as we hold: an exact duplicate, STALE (nothing to do);
//   - different content: a tie. The higher content wins (compared field by field in a fixed order: by
//     warehouse id for quantities; expected then publish for a line; sku, sync setting, buffer for
//     settings), so every arrival order ends in the same state, and the result reports `tie` so the
//     caller re-reads the resource from Whiplash. Which of two same-time changes was really the last
//     cannot be told from the events; the API's answer can, and it comes back as a `reread` event.
//   - a `reread` (the resource as the API returned it) wins a tie: it is the source's state at `at`.
// Automation (processOrdersEventAt) is not tie-broken: a second signal at the same instant is ignored.
//
// Whiplash's own Process Orders flag (rule 3.10). Item events may carry Whiplash's flag (`available`) as
// `whiplashProcessOrders`; it is kept in item.whiplashProcessOrders with its own version
// (item.whiplashProcessOrdersAt; a tie at the same instant keeps ON and asks for a re-read). Whether the
// app's flag follows it (followsWhiplash):
//   - nobody in the app has set the flag since import (set by IMPORT): Whiplash's flag is the flag;
//   - MANUAL mode: Whiplash's flag is the flag, except that a merchant's in-app switch holds until Whiplash's
//     flag changes after it;
//   - automation modes: a change of Whiplash's flag (it differs from what Whiplash last reported) newer than
//     the last automation trigger wins, until the next automation trigger. An event that merely repeats
//     Whiplash's flag is not a change: after automation switched Process Orders off at sell-out, Whiplash's
//     still-on flag (its hourly job has not run) does not switch it back on.
// A Whiplash report that agrees with the app's flag changes nothing but the record (an echo of a value the
// app set does not count as a person's change).
//
// Person toggles (PROCESS_ORDERS_SET) are commands from the merchant, not warehouse facts: they always apply
// and never advance a version (an app clock ahead of the warehouse clock must not make warehouse events stale).
// See docs/decisions/0002-process-orders-automation.md for how automation and a person's choice interact.
import { totalSellable, units } from "./stock";
import { earliest, isNewer, normalizeInstant, sameInstant } from "./time";
import type { CustomerPrefs, ItemState, ItemSyncSetting, ProcessOrdersMode, ShipLineState } from "./types";
import { itemSettingFromCode } from "./whiplash-sync-codes";

/** Identifies a ship-notice line by Whiplash ids; the warehouse is the notice's. */
export interface ShipLineRef {
  shipNoticeId: number;
  lineId: number;
  warehouseId: number;
}

/**
 * New sellable quantities by warehouse, absolute (not deltas). Warehouses not named keep their quantity,
 * so a payload listing only some warehouses does not zero the others.
 */
export type WarehouseQuantities = Record<number, number>;

/**
 * Whiplash's Process Orders flag (`available`) and its item rules (`notify_originator_inventory` as the raw
 * code, `include_inbound_in_published`) as the item event or read reported them, when it did.
 */
interface CarriesWhiplashFlag {
  whiplashProcessOrders?: boolean;
  /** null: the item has no override in Whiplash (Customer Default). Undefined: not in the payload. */
  whiplashSyncCode?: number | null;
  whiplashIncludeInbound?: boolean;
}

export type WarehouseEvent =
  /**
   * Units received into stock. With `line` (a ship-notice line, counters are its cumulative totals) the
   * received total grows by the line's growth; without it (an item-level "inventory received" event) the
   * item is known to be received but its received total cannot grow (deltas cannot be deduplicated).
   */
  | ({
      type: "RECEIPT";
      at: string;
      line?: ShipLineRef & { receivedGood: number; damaged?: number; expected?: number };
      /** The item's quantities after the receipt, when the payload has them. */
      sellableByWarehouse?: WarehouseQuantities;
    } & CarriesWhiplashFlag)
  /** A stock adjustment at the warehouse (cycle count, found stock, write-off). */
  | ({ type: "ADJUSTMENT"; at: string; sellableByWarehouse: WarehouseQuantities } & CarriesWhiplashFlag)
  /** Stock changed (orders shipped, allocations): new quantities only, no automation except sell-out. */
  | ({ type: "INVENTORY_CHANGED" | "ORDER_SHIPPED"; at: string; sellableByWarehouse: WarehouseQuantities } & CarriesWhiplashFlag)
  /** The item sold out: every warehouse is at 0. */
  | ({ type: "OUT_OF_STOCK"; at: string } & CarriesWhiplashFlag)
  /** A ship-notice line created or changed, including publish / unpublish. */
  | {
      type: "SHIP_NOTICE_LINE_UPDATED";
      at: string;
      /** The line as re-read from Whiplash: wins a tie with the line's version. */
      reread?: boolean;
      line: ShipLineRef & {
        expected: number;
        publish: boolean;
        receivedGood?: number;
        damaged?: number;
        /** The notice's status is completed (300): grow-only. */
        noticeCompleted?: boolean;
      };
    }
  /** The ship notice is completed: its lines publish nothing more. */
  | { type: "SHIP_NOTICE_COMPLETED"; at: string; shipNoticeId: number }
  /**
   * Item created or updated at the warehouse. Pass setting fields only when the warehouse is their source of
   * truth (settings changed in this app are saved directly and are not events).
   */
  | ({
      type: "ITEM_CREATED" | "ITEM_UPDATED";
      at: string;
      /** The item as re-read from Whiplash: wins a tie with the item's versions. */
      reread?: boolean;
      sku?: string;
      syncSetting?: ItemSyncSetting;
      bufferOverride?: number | null;
      sellableByWarehouse?: WarehouseQuantities;
    } & CarriesWhiplashFlag)
  /** A person switched Process Orders on or off (here or in Whiplash). `at` is informational. */
  | { type: "PROCESS_ORDERS_SET"; at: string; processOrders: boolean };

export type WarehouseEventType = WarehouseEvent["type"];

export interface ProcessOrdersChange {
  from: boolean;
  to: boolean;
  by: "AUTOMATION" | "PERSON" | "WHIPLASH";
}

export interface ApplyResult {
  item: ItemState;
  /** STALE: the event's ordered data was at or before what the item already has (grow-only facts still taken). */
  outcome: "APPLIED" | "STALE";
  processOrdersChange: null | ProcessOrdersChange;
  /**
   * The item sold out with this event (fresh quantities went to 0 at every warehouse, or an OUT_OF_STOCK).
   * Queue its syncs with trigger SELLOUT: the final quantity is published even if Process Orders was just
   * switched off (rule 3.4, see isSelloutFinal).
   */
  sellout: boolean;
  /**
   * Some of the event's ordered data had the same time as its version and different content: the higher
   * content was kept (see "Ties" above). The caller re-reads the resource from Whiplash to settle it.
   */
  tie: boolean;
}

/**
 * Orders two contents of the same kind, field by field (numbers, strings, booleans; null lowest): > 0 when
 * `a` is higher. Used only to break a tie between same-time events deterministically.
 */
function compareContent(a: readonly (number | string | boolean | null)[], b: readonly (number | string | boolean | null)[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x > y ? 1 : -1;
  }
  return 0;
}

/** A tie: same instant as the version. Returns whether the event's content is to be taken. */
type TieVerdict = "duplicate" | "wins" | "loses";
function judgeTie(event: readonly (number | string | boolean | null)[], held: readonly (number | string | boolean | null)[]): TieVerdict {
  const order = compareContent(event, held);
  return order === 0 ? "duplicate" : order > 0 ? "wins" : "loses";
}

/** A never-received item as imported: Process Orders off, set by import, nothing applied yet. */
export function newItemState(input: { whiplashItemId: number; sku: string }): ItemState {
  return {
    whiplashItemId: input.whiplashItemId,
    sku: input.sku,
    sellableByWarehouse: {},
    receivedTotal: 0,
    firstReceivedAt: null,
    processOrders: false,
    processOrdersSetBy: "IMPORT",
    processOrdersSetAt: null,
    whiplashProcessOrders: null,
    whiplashProcessOrdersAt: null,
    syncSetting: "CUSTOMER_DEFAULT",
    syncSettingSetBy: "IMPORT",
    syncSettingSetAt: null,
    whiplashSyncCode: null,
    whiplashIncludeInbound: null,
    whiplashRulesAt: null,
    bufferOverride: null,
    lastEventAt: null,
    processOrdersEventAt: null,
    settingsEventAt: null,
    shipLines: [],
  };
}

/** The item has been received at least once (a grow-only fact, rule 3.7). */
export function hasBeenReceived(item: ItemState): boolean {
  return item.firstReceivedAt !== null || item.receivedTotal > 0;
}

export type AutomationSignal = "RECEIPT" | "ADJUSTMENT" | "SELLOUT";

/** The signals a mode acts on; only these advance item.processOrdersEventAt. */
export function automationSignals(mode: ProcessOrdersMode): readonly AutomationSignal[] {
  switch (mode) {
    case "MANUAL":
      return [];
    case "FIRST_RECEIPT_ONLY":
      return ["RECEIPT"];
    case "ON_RECEIPT_OFF_AT_SELLOUT":
      return ["RECEIPT", "SELLOUT"];
    case "ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT":
      return ["RECEIPT", "ADJUSTMENT", "SELLOUT"];
  }
}

/**
 * What automation wants Process Orders to be after a signal, or null for "leave it alone" (rule 3.4).
 * `firstReceipt`: no receipt has driven automation for this item yet (FIRST_RECEIPT_ONLY acts on that one
 * only). It is judged by the automation version, not by received facts, so it does not depend on whether a
 * ship-notice update reporting received units happened to arrive before the receipt event.
 */
export function automationTarget(mode: ProcessOrdersMode, signal: AutomationSignal, firstReceipt: boolean): boolean | null {
  switch (mode) {
    case "MANUAL":
      return null;
    case "FIRST_RECEIPT_ONLY":
      return signal === "RECEIPT" && firstReceipt ? true : null;
    case "ON_RECEIPT_OFF_AT_SELLOUT":
      return signal === "RECEIPT" ? true : signal === "SELLOUT" ? false : null;
    case "ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT":
      return signal === "SELLOUT" ? false : true;
  }
}

function cloneItem(item: ItemState): ItemState {
  return {
    ...item,
    sellableByWarehouse: { ...item.sellableByWarehouse },
    shipLines: item.shipLines.map((l) => ({ ...l })),
  };
}

function applyQuantities(item: ItemState, quantities: WarehouseQuantities): void {
  for (const [warehouse, quantity] of Object.entries(quantities)) {
    item.sellableByWarehouse[Number(warehouse)] = Number.isFinite(quantity) ? Math.trunc(quantity) : 0;
  }
}

function sumNamed(quantities: WarehouseQuantities): number {
  let total = 0;
  for (const q of Object.values(quantities)) total += units(q);
  return total;
}

function findLine(item: ItemState, shipNoticeId: number, lineId: number): ShipLineState | undefined {
  return item.shipLines.find((l) => l.shipNoticeId === shipNoticeId && l.lineId === lineId);
}

/**
 * Takes the grow-only counters of a line (max of what we have and what the event says), adding the growth
 * of received-good units to the item's received total. Creates the line when it is new. Returns the growth.
 */
function growLineCounters(
  item: ItemState,
  ref: ShipLineRef & { receivedGood?: number; damaged?: number; expected?: number },
): { line: ShipLineState } {
  let line = findLine(item, ref.shipNoticeId, ref.lineId);
  if (!line) {
    line = {
      shipNoticeId: ref.shipNoticeId,
      lineId: ref.lineId,
      warehouseId: ref.warehouseId,
      expected: 0,
      receivedGood: 0,
      damaged: 0,
      publish: false,
      completed: false,
      lastEventAt: null,
    };
    item.shipLines.push(line);
  }
  // A receipt's expected quantity is a fallback until a line event (which orders `expected`) has set it.
  if (line.lastEventAt == null && ref.expected !== undefined) line.expected = Math.max(line.expected, units(ref.expected));
  const good = Math.max(line.receivedGood, units(ref.receivedGood ?? 0));
  const goodGrowth = good - line.receivedGood;
  line.receivedGood = good;
  line.damaged = Math.max(line.damaged, units(ref.damaged ?? 0));
  item.receivedTotal += goodGrowth;
  return { line };
}

export function applyWarehouseEvent(item: ItemState, event: WarehouseEvent, customer: CustomerPrefs): ApplyResult {
  const at = normalizeInstant(event.at); // throws RangeError on a bad timestamp: the caller marks the event INVALID
  const next = cloneItem(item);
  const totalBefore = totalSellable(item);
  const reread = "reread" in event && event.reread === true;
  const itemFresh = isNewer(at, item.lastEventAt) || (reread && sameInstant(at, item.lastEventAt));
  const itemTie = !itemFresh && sameInstant(at, item.lastEventAt);
  let tie = false;

  // Outcome bookkeeping: an event is STALE when every ordered part it carries was at or before its version,
  // or, for an event with no ordered part, when it changed nothing.
  let orderedParts = 0;
  let staleParts = 0;
  let signal: AutomationSignal | null = null;
  let explicitSellout = false;

  /**
   * Quantities are taken only from an event newer than the item's quantity version (lastEventAt), or from
   * one at the same time whose quantities differ and are higher (a tie).
   */
  const applyQuantityData = (quantities: WarehouseQuantities | undefined): void => {
    if (!quantities) return;
    orderedParts++;
    if (!itemFresh) {
      if (itemTie && quantityTie(quantities) === "wins") applyQuantities(next, quantities);
      else staleParts++;
      return;
    }
    applyQuantities(next, quantities);
    next.lastEventAt = at;
  };

  /** A same-time quantity payload against what the item holds for the warehouses it names. */
  const quantityTie = (quantities: WarehouseQuantities): TieVerdict => {
    const warehouses = Object.keys(quantities).map(Number).sort((x, y) => x - y);
    // Compared as the units they publish (negative stock counts as none), so only a change that matters
    // for Shopify is a tie.
    const verdict = judgeTie(
      warehouses.map((w) => units(Number.isFinite(quantities[w]) ? Math.trunc(quantities[w]) : 0)),
      warehouses.map((w) => (w in item.sellableByWarehouse ? units(item.sellableByWarehouse[w]) : null)),
    );
    if (verdict !== "duplicate") tie = true;
    return verdict;
  };

  /**
   * Sell-out seen in a quantity payload. Fresh: the item's total after the event; late: the payload's own
   * total (so a late sell-out still counts for automation if it is newer than the last automation event).
   */
  const zeroStock = (quantities: WarehouseQuantities | undefined): boolean => {
    if (!quantities || Object.keys(quantities).length === 0) return false;
    return itemFresh ? totalSellable(next) === 0 : sumNamed(quantities) === 0;
  };

  switch (event.type) {
    case "RECEIPT": {
      if (event.line) growLineCounters(next, event.line);
      if (!event.line || units(event.line.receivedGood) > 0) {
        next.firstReceivedAt = earliest(next.firstReceivedAt, at);
        signal = "RECEIPT";
      }
      applyQuantityData(event.sellableByWarehouse);
      break;
    }
    case "ADJUSTMENT":
      applyQuantityData(event.sellableByWarehouse);
      // Judged on the payload itself, so a late adjustment means the same as a timely one.
      if (sumNamed(event.sellableByWarehouse) > 0) signal = "ADJUSTMENT";
      else if (zeroStock(event.sellableByWarehouse)) signal = "SELLOUT";
      break;
    case "INVENTORY_CHANGED":
    case "ORDER_SHIPPED":
      applyQuantityData(event.sellableByWarehouse);
      if (zeroStock(event.sellableByWarehouse)) signal = "SELLOUT";
      break;
    case "OUT_OF_STOCK": {
      const zeros: WarehouseQuantities = {};
      for (const warehouse of Object.keys(next.sellableByWarehouse)) zeros[Number(warehouse)] = 0;
      orderedParts++; // applyQuantityData would skip an empty payload; a sell-out is ordered data even then
      if (itemFresh) {
        applyQuantities(next, zeros);
        next.lastEventAt = at;
      } else {
        // At a tie a sell-out never wins (no stock is the lowest content); stock held at that time is a tie.
        staleParts++;
        if (itemTie && Object.values(item.sellableByWarehouse).some((q) => units(q) > 0)) tie = true;
      }
      signal = "SELLOUT";
      explicitSellout = true;
      break;
    }
    case "ITEM_CREATED":
    case "ITEM_UPDATED":
      applyQuantityData(event.sellableByWarehouse);
      if (event.sku !== undefined || event.syncSetting !== undefined || event.bufferOverride !== undefined) {
        orderedParts++;
        const buffer = event.bufferOverride == null ? event.bufferOverride : units(event.bufferOverride);
        const settingsTie = sameInstant(at, item.settingsEventAt) && !reread;
        const verdict = settingsTie
          ? judgeTie(
              [event.sku, event.syncSetting, buffer].filter((v) => v !== undefined),
              [[event.sku, item.sku], [event.syncSetting, item.syncSetting], [buffer, item.bufferOverride]].filter(([e]) => e !== undefined).map(([, h]) => h ?? null),
            )
          : null;
        if (verdict === "wins" || verdict === "loses") tie = true;
        if (isNewer(at, item.settingsEventAt) || (reread && sameInstant(at, item.settingsEventAt)) || verdict === "wins") {
          if (event.sku !== undefined) next.sku = event.sku;
          if (event.syncSetting !== undefined) next.syncSetting = event.syncSetting;
          if (buffer !== undefined) next.bufferOverride = buffer;
          next.settingsEventAt = at;
        } else {
          staleParts++;
        }
      }
      if (zeroStock(event.sellableByWarehouse)) signal = "SELLOUT";
      break;
    case "SHIP_NOTICE_LINE_UPDATED": {
      const { line } = growLineCounters(next, event.line);
      // Counters in a line update are facts (received, when at the latest) but do not drive automation:
      // whether they grew depends on arrival order. Receipts that should switch Process Orders on come as RECEIPT.
      if (units(event.line.receivedGood ?? 0) > 0) next.firstReceivedAt = earliest(next.firstReceivedAt, at);
      if (event.line.noticeCompleted) line.completed = true; // grow-only
      orderedParts++;
      // The line's version before this event (growLineCounters only creates or grows counters).
      const held = findLine(item, event.line.shipNoticeId, event.line.lineId);
      const lineTie = held !== undefined && sameInstant(at, held.lastEventAt) && !event.reread;
      const verdict = lineTie ? judgeTie([units(event.line.expected), event.line.publish], [held.expected, held.publish]) : null;
      if (verdict === "wins" || verdict === "loses") tie = true;
      if (isNewer(at, line.lastEventAt) || (event.reread && sameInstant(at, line.lastEventAt)) || verdict === "wins") {
        line.expected = units(event.line.expected);
        line.publish = event.line.publish;
        line.lastEventAt = at;
      } else {
        staleParts++;
      }
      break;
    }
    case "SHIP_NOTICE_COMPLETED":
      for (const line of next.shipLines) if (line.shipNoticeId === event.shipNoticeId) line.completed = true;
      break;
    case "PROCESS_ORDERS_SET": {
      const from = next.processOrders;
      next.processOrders = event.processOrders;
      next.processOrdersSetBy = "PERSON";
      next.processOrdersSetAt = at;
      return {
        item: next,
        outcome: sameItem(item, next) ? "STALE" : "APPLIED",
        processOrdersChange: from !== event.processOrders ? { from, to: event.processOrders, by: "PERSON" } : null,
        sellout: false,
        tie: false,
      };
    }
  }

  const automationChange = runAutomation(next, signal, at, customer.processOrdersMode);
  // Then Whiplash's flag. An automation trigger in the same event is the newer word: when automation acted
  // on this event, Whiplash's report is only recorded.
  const automationActed = signal !== null && next.processOrdersEventAt !== item.processOrdersEventAt;
  const flag = "whiplashProcessOrders" in event ? event.whiplashProcessOrders : undefined;
  let whiplashChange: ProcessOrdersChange | null = null;
  if (flag !== undefined) {
    orderedParts++;
    const heldAt = item.whiplashProcessOrdersAt ?? null;
    const held = item.whiplashProcessOrders ?? null;
    const flagTie = !reread && sameInstant(at, heldAt) && held !== flag;
    if (flagTie) tie = true;
    // At a tie ON is kept (the higher content, as for other ties); the re-read settles it.
    if (isNewer(at, heldAt) || (reread && sameInstant(at, heldAt)) || (flagTie && flag)) {
      next.whiplashProcessOrders = flag;
      next.whiplashProcessOrdersAt = at;
      if (!automationActed) whiplashChange = followWhiplash(next, item, held, flag, at, customer.processOrdersMode);
    } else {
      staleParts++;
    }
  }
  // Then Whiplash's item rules (its Sync Inventory code and inbound publishing), ordered by their own version.
  const code = "whiplashSyncCode" in event ? event.whiplashSyncCode : undefined;
  const inbound = "whiplashIncludeInbound" in event ? event.whiplashIncludeInbound : undefined;
  if (code !== undefined || inbound !== undefined) {
    orderedParts++;
    const heldAt = item.whiplashRulesAt ?? null;
    const sent = [code === undefined ? null : code ?? -1, inbound ?? null];
    const held = [code === undefined ? null : item.whiplashSyncCode ?? -1, inbound === undefined ? null : item.whiplashIncludeInbound ?? null];
    const verdict = !reread && sameInstant(at, heldAt) ? judgeTie(sent, held) : null;
    if (verdict === "wins" || verdict === "loses") tie = true;
    if (isNewer(at, heldAt) || (reread && sameInstant(at, heldAt)) || verdict === "wins") {
      if (inbound !== undefined) next.whiplashIncludeInbound = inbound;
      if (code !== undefined) {
        next.whiplashSyncCode = code;
        followWhiplashSetting(next, item, code, at);
      }
      next.whiplashRulesAt = at;
    } else {
      staleParts++;
    }
  }
  const processOrdersChange = automationChange ?? whiplashChange;
  // The final quantity is published (trigger SELLOUT) when fresh stock went to nothing: after an explicit
  // sell-out, a drop from some stock, or whenever automation (ours or Whiplash's) switched Process Orders
  // off in this step.
  const sellout =
    itemFresh &&
    signal === "SELLOUT" &&
    totalSellable(next) === 0 &&
    (explicitSellout || totalBefore > 0 || processOrdersChange?.to === false);
  const stale = orderedParts > 0 ? staleParts === orderedParts : sameItem(item, next);
  return { item: next, outcome: stale ? "STALE" : "APPLIED", processOrdersChange, sellout, tie };
}

/** Structural equality of two item states (used to tell "changed nothing" for events without ordered data). */
export function sameItem(a: ItemState, b: ItemState): boolean {
  return JSON.stringify(canonicalItem(a)) === JSON.stringify(canonicalItem(b));
}

/** A canonical form for comparisons: sorted lines and warehouses, optional fields made explicit. */
export function canonicalItem(item: ItemState): ItemState {
  const sellable: Record<number, number> = {};
  for (const key of Object.keys(item.sellableByWarehouse).map(Number).sort((x, y) => x - y)) {
    sellable[key] = item.sellableByWarehouse[key];
  }
  return {
    whiplashItemId: item.whiplashItemId,
    sku: item.sku,
    sellableByWarehouse: sellable,
    receivedTotal: item.receivedTotal,
    firstReceivedAt: item.firstReceivedAt,
    processOrders: item.processOrders,
    processOrdersSetBy: item.processOrdersSetBy,
    processOrdersSetAt: item.processOrdersSetAt ?? null,
    whiplashProcessOrders: item.whiplashProcessOrders ?? null,
    whiplashProcessOrdersAt: item.whiplashProcessOrdersAt ?? null,
    syncSetting: item.syncSetting,
    syncSettingSetBy: item.syncSettingSetBy ?? "IMPORT",
    syncSettingSetAt: item.syncSettingSetAt ?? null,
    whiplashSyncCode: item.whiplashSyncCode ?? null,
    whiplashIncludeInbound: item.whiplashIncludeInbound ?? null,
    whiplashRulesAt: item.whiplashRulesAt ?? null,
    bufferOverride: item.bufferOverride,
    lastEventAt: item.lastEventAt,
    processOrdersEventAt: item.processOrdersEventAt ?? null,
    settingsEventAt: item.settingsEventAt ?? null,
    shipLines: [...item.shipLines]
      .sort((x, y) => x.shipNoticeId - y.shipNoticeId || x.lineId - y.lineId)
      .map((l) => ({
        shipNoticeId: l.shipNoticeId,
        lineId: l.lineId,
        warehouseId: l.warehouseId,
        expected: l.expected,
        receivedGood: l.receivedGood,
        damaged: l.damaged,
        publish: l.publish,
        completed: l.completed,
        lastEventAt: l.lastEventAt ?? null,
      })),
  };
}

/** Process Orders automation (rule 3.4) with its own version; mutates `item`. */
function runAutomation(
  item: ItemState,
  signal: AutomationSignal | null,
  at: string,
  mode: ProcessOrdersMode,
): ProcessOrdersChange | null {
  // Only signals this mode acts on are versioned: an ignored signal must not hide an older one that counts.
  if (signal === null || !automationSignals(mode).includes(signal)) return null;
  if (!isNewer(at, item.processOrdersEventAt)) return null; // an older automation event: a newer one decided
  const firstReceipt = item.processOrdersEventAt == null;
  item.processOrdersEventAt = at;
  const target = automationTarget(mode, signal, firstReceipt);
  if (target === null || target === item.processOrders) return null;
  // A person's explicit OFF is kept: automation never switches it back on (docs/decisions/0002).
  if (target && item.processOrdersSetBy === "PERSON") return null;
  // A change made in Whiplash after this trigger happened wins (a late-delivered trigger is not "the next").
  const whiplashAt = item.processOrdersSetAt ?? null;
  if (item.processOrdersSetBy === "WHIPLASH" && whiplashAt !== null && isNewer(whiplashAt, at)) return null;
  const from = item.processOrders;
  item.processOrders = target;
  item.processOrdersSetBy = "AUTOMATION";
  item.processOrdersSetAt = at;
  return { from, to: target, by: "AUTOMATION" };
}

/**
 * Whether the app's flag follows a newer report of Whiplash's flag (rule 3.10, see "Whiplash's own Process
 * Orders flag" above); mutates `next` when it does. `held`: Whiplash's flag as reported before (null: never).
 */
function followWhiplash(
  next: ItemState,
  before: ItemState,
  held: boolean | null,
  flag: boolean,
  at: string,
  mode: ProcessOrdersMode,
): ProcessOrdersChange | null {
  if (flag === next.processOrders) return null; // agrees (or an echo of ours): nothing to follow
  const changedInWhiplash = held !== null && held !== flag;
  const follows =
    before.processOrdersSetBy === "IMPORT" ||
    (before.processOrdersSetBy === "PERSON"
      ? // a merchant's in-app switch holds until Whiplash's flag changes after it
        changedInWhiplash && isNewer(at, before.processOrdersSetAt ?? null)
      : mode === "MANUAL" || (changedInWhiplash && isNewer(at, before.processOrdersEventAt ?? null)));
  if (!follows) return null;
  const from = next.processOrders;
  next.processOrders = flag;
  next.processOrdersSetBy = "WHIPLASH";
  next.processOrdersSetAt = at;
  return { from, to: flag, by: "WHIPLASH" };
}

/**
 * Whether the item's sync setting follows a newer report of Whiplash's Sync Inventory code (docs/decisions/
 * 0010, the same rule as Whiplash's Process Orders flag in 0008): a code the table does not know is recorded
 * only (ours is kept and the item is flagged); a setting nobody in the app has set follows Whiplash; a
 * merchant's in-app choice holds until Whiplash's code changes after it (the newer change wins by time).
 * Mutates `next` when it follows.
 */
function followWhiplashSetting(next: ItemState, before: ItemState, code: number | null, at: string): void {
  const reading = itemSettingFromCode(code);
  if (!reading.known || reading.setting === next.syncSetting) return; // unknown: keep ours; agrees: an echo
  const reportedBefore = (before.whiplashRulesAt ?? null) !== null && before.whiplashSyncCode !== undefined;
  const changedInWhiplash = reportedBefore && (before.whiplashSyncCode ?? null) !== code;
  const follows =
    (before.syncSettingSetBy ?? "IMPORT") !== "PERSON" || (changedInWhiplash && isNewer(at, before.syncSettingSetAt ?? null));
  if (!follows) return;
  next.syncSetting = reading.setting;
  next.syncSettingSetBy = "WHIPLASH";
  next.syncSettingSetAt = at;
}

/** Applies events in the given order (a convenience for replay and tests). */
export function applyWarehouseEvents(
  item: ItemState,
  events: WarehouseEvent[],
  customer: CustomerPrefs,
): { item: ItemState; results: Array<Omit<ApplyResult, "item">> } {
  let current = item;
  const results: Array<Omit<ApplyResult, "item">> = [];
  for (const event of events) {
    const { item: nextItem, ...rest } = applyWarehouseEvent(current, event, customer);
    current = nextItem;
    results.push(rest);
  }
  return { item: current, results };
}

export const PROCESS_ORDERS_MODE_LABELS: Record<ProcessOrdersMode, string> = {
  ON_RECEIPT_OFF_AT_SELLOUT: "On at receipt, off at sell-out",
  FIRST_RECEIPT_ONLY: "On at first receipt only",
  ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT: "On at receipt or adjustment, off at sell-out",
  MANUAL: "Manual (the app does not change Process Orders)",
};
