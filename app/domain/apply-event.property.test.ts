// Property tests (fast-check) for rule 3.7 and rule 3.5: random arrival orders and duplicates.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyWarehouseEvent, canonicalItem, type WarehouseEvent } from "./apply-event";
import { quantityToPublish, warehousesOfItem } from "./quantity";
import { customer, item, line } from "./test-support/fixtures";
import { ITEM_SYNC_SETTINGS, PROCESS_ORDERS_MODES, SYNC_SETTINGS, type CustomerPrefs, type ItemState } from "./types";

const WAREHOUSES = [1, 2] as const;
const NOTICES = [500, 501] as const;
const BASE = Date.parse("2026-05-01T00:00:00.000Z");
const at = (second: number) => new Date(BASE + second * 1000).toISOString();

/** Every line the events may touch exists from the start (as after importing the ship notices). */
const START: ItemState = item({
  shipLines: NOTICES.flatMap((n, i) => [1, 2].map((l) => line({ shipNoticeId: n, lineId: l, warehouseId: WAREHOUSES[i], expected: 0 }))),
});

const qty = fc.integer({ min: -3, max: 60 });
const fullQuantities = fc.tuple(qty, qty).map(([a, b]) => ({ 1: a, 2: b }));
const lineRef = fc.tuple(fc.integer({ min: 0, max: 1 }), fc.constantFrom(1, 2)).map(([n, l]) => ({
  shipNoticeId: NOTICES[n],
  lineId: l,
  warehouseId: WAREHOUSES[n],
}));

/** A warehouse event without its timestamp (given later, unique per event). Quantity payloads are full. */
const eventBody: fc.Arbitrary<(at: string) => WarehouseEvent> = fc.oneof(
  fullQuantities.map((q) => (t: string): WarehouseEvent => ({ type: "INVENTORY_CHANGED", at: t, sellableByWarehouse: q })),
  fullQuantities.map((q) => (t: string): WarehouseEvent => ({ type: "ORDER_SHIPPED", at: t, sellableByWarehouse: q })),
  fullQuantities.map((q) => (t: string): WarehouseEvent => ({ type: "ADJUSTMENT", at: t, sellableByWarehouse: q })),
  fc.constant((t: string): WarehouseEvent => ({ type: "OUT_OF_STOCK", at: t })),
  fc
    .record({ ref: lineRef, good: fc.integer({ min: 0, max: 40 }), damaged: fc.integer({ min: 0, max: 5 }), q: fc.option(fullQuantities, { nil: undefined }) })
    .map(({ ref, good, damaged, q }) => (t: string): WarehouseEvent => ({
      type: "RECEIPT",
      at: t,
      line: { ...ref, receivedGood: good, damaged },
      sellableByWarehouse: q,
    })),
  fc
    .record({ ref: lineRef, expected: fc.integer({ min: 0, max: 80 }), publish: fc.boolean(), good: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }) })
    .map(({ ref, expected, publish, good }) => (t: string): WarehouseEvent => ({
      type: "SHIP_NOTICE_LINE_UPDATED",
      at: t,
      line: { ...ref, expected, publish, receivedGood: good },
    })),
  fc.constantFrom(...NOTICES).map((n) => (t: string): WarehouseEvent => ({ type: "SHIP_NOTICE_COMPLETED", at: t, shipNoticeId: n })),
  fc
    .record({ q: fc.option(fullQuantities, { nil: undefined }), setting: fc.option(fc.constantFrom(...ITEM_SYNC_SETTINGS), { nil: undefined }) })
    .map(({ q, setting }) => (t: string): WarehouseEvent => ({ type: "ITEM_UPDATED", at: t, sellableByWarehouse: q, syncSetting: setting })),
);

/** Distinct events with distinct timestamps (a real warehouse resource has one state per updated_at). */
const events = fc
  .array(fc.tuple(eventBody, fc.integer({ min: 0, max: 10_000 })), { minLength: 1, maxLength: 14 })
  .map((list) => {
    const seen = new Set<number>();
    return list.filter(([, s]) => (seen.has(s) ? false : (seen.add(s), true))).map(([body, s]) => body(at(s)));
  });

/** An arrival order: every event at least once, some repeated, shuffled. */
function arrivals(list: WarehouseEvent[]) {
  return fc
    .tuple(fc.array(fc.integer({ min: 0, max: list.length - 1 }), { maxLength: 8 }), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })))
    .map(([dups, noise]) => {
      const all = [...list, ...dups.map((i) => list[i])];
      const keys = all.map(() => noise.next().value as number);
      return all.map((e, i) => [keys[i], e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
    });
}

const prefs: fc.Arbitrary<CustomerPrefs> = fc.record({
  defaultSyncSetting: fc.constantFrom(...SYNC_SETTINGS),
  processOrdersMode: fc.constantFrom(...PROCESS_ORDERS_MODES),
  defaultBuffer: fc.integer({ min: 0, max: 10 }),
});

const replay = (list: readonly WarehouseEvent[], c: CustomerPrefs, from: ItemState = START) =>
  list.reduce((s, e) => applyWarehouseEvent(s, e, c).item, from);

/** Sellable by warehouse with missing read as 0 (an OUT_OF_STOCK zeroes the warehouses it knows). */
const sellable = (s: ItemState) => WAREHOUSES.map((w) => s.sellableByWarehouse[w] ?? 0);
/**
 * Compared up to two things that legitimately record history: warehouses an OUT_OF_STOCK zeroed (read as 0
 * anyway) and whether and when Process Orders was last set by import or by automation (neither is a person;
 * which event flipped the flag depends on the order they came in).
 */
const comparable = (s: ItemState) => ({
  ...canonicalItem(s),
  sellableByWarehouse: sellable(s),
  processOrdersSetBy: s.processOrdersSetBy === "PERSON" ? "PERSON" : "NOT_A_PERSON",
  processOrdersSetAt: s.processOrdersSetBy === "PERSON" ? s.processOrdersSetAt : "NOT_A_PERSON",
});

/** The quantities the newest quantity-bearing event among `applied` says, or undefined if none did. */
function newestQuantities(applied: WarehouseEvent[]): number[] | undefined {
  let best: { t: number; q: number[] } | undefined;
  for (const e of applied) {
    const q =
      e.type === "OUT_OF_STOCK"
        ? [0, 0]
        : "sellableByWarehouse" in e && e.sellableByWarehouse
          ? WAREHOUSES.map((w) => Math.trunc(e.sellableByWarehouse![w]))
          : undefined;
    if (q && (!best || Date.parse(e.at) > best.t)) best = { t: Date.parse(e.at), q };
  }
  return best?.q;
}

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 400) };

describe("rule 3.7 properties", () => {
  it("quantities never move backwards: after every arrival the item holds the newest event's quantities", () => {
    fc.assert(
      fc.property(events.chain((list) => fc.tuple(fc.constant(list), arrivals(list))), prefs, ([, order], c) => {
        let s = START;
        const applied: WarehouseEvent[] = [];
        for (const e of order) {
          s = applyWarehouseEvent(s, e, c).item;
          applied.push(e);
          const newest = newestQuantities(applied);
          if (newest) {
            // An OUT_OF_STOCK that arrived before any warehouse was known leaves them absent (read as 0).
            expect(sellable(s)).toEqual(newest);
          }
          for (const w of warehousesOfItem(s)) expect(quantityToPublish(s, c, [w])).toBeGreaterThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });

  it("arrival order and duplicates do not change the result (warehouse events)", () => {
    fc.assert(
      fc.property(
        events.chain((list) => fc.tuple(arrivals(list), arrivals(list))),
        prefs,
        ([first, second], c) => {
          expect(comparable(replay(second, c))).toEqual(comparable(replay(first, c)));
        },
      ),
      RUNS,
    );
  });

  it("applying the same event twice equals applying it once (any event, any state, person toggles included)", () => {
    const anyEvent = fc.oneof(
      eventBody.chain((body) => fc.integer({ min: 0, max: 10_000 }).map((s) => body(at(s)))),
      fc.record({ p: fc.boolean(), s: fc.integer({ min: 0, max: 10_000 }) }).map(
        ({ p, s }): WarehouseEvent => ({ type: "PROCESS_ORDERS_SET", at: at(s), processOrders: p }),
      ),
    );
    fc.assert(
      fc.property(events, prefs, anyEvent, (history, c, e) => {
        const s = replay(history, c);
        const once = applyWarehouseEvent(s, e, c);
        const twice = applyWarehouseEvent(once.item, e, c);
        expect(canonicalItem(twice.item)).toEqual(canonicalItem(once.item));
        expect(twice.processOrdersChange).toBeNull();
        expect(twice.outcome).toBe("STALE");
      }),
      RUNS,
    );
  });

  it("grow-only facts: received total is the sum of each line's highest count, first receipt the earliest", () => {
    fc.assert(
      fc.property(events.chain((list) => fc.tuple(fc.constant(list), arrivals(list))), prefs, ([list, order], c) => {
        const s = replay(order, c);
        const best = new Map<string, number>();
        let earliest: number | undefined;
        for (const e of list) {
          if (e.type !== "RECEIPT" && e.type !== "SHIP_NOTICE_LINE_UPDATED") continue;
          const good = e.line?.receivedGood ?? 0;
          const key = `${e.line?.shipNoticeId}/${e.line?.lineId}`;
          best.set(key, Math.max(best.get(key) ?? 0, good));
          if (good > 0) earliest = Math.min(earliest ?? Infinity, Date.parse(e.at));
        }
        expect(s.receivedTotal).toBe([...best.values()].reduce((a, b) => a + b, 0));
        expect(s.firstReceivedAt).toBe(earliest === undefined ? null : new Date(earliest).toISOString());
      }),
      RUNS,
    );
  });
});

describe("ties: different events with the same timestamp (issue 12, item 10)", () => {
  /** Quantity events whose timestamps collide often (a few seconds only). */
  const tied = fc.array(
    fc.tuple(
      fc.oneof(
        fullQuantities.map((q) => (t: string): WarehouseEvent => ({ type: "INVENTORY_CHANGED", at: t, sellableByWarehouse: q })),
        fullQuantities.map((q) => (t: string): WarehouseEvent => ({ type: "ORDER_SHIPPED", at: t, sellableByWarehouse: q })),
        fullQuantities.map((q) => (t: string): WarehouseEvent => ({ type: "ADJUSTMENT", at: t, sellableByWarehouse: q })),
        fc.constant((t: string): WarehouseEvent => ({ type: "OUT_OF_STOCK", at: t })),
      ),
      fc.integer({ min: 0, max: 3 }),
    ),
    { minLength: 1, maxLength: 10 },
  ).map((list) => list.map(([body, s]) => body(at(s))));
  const published = (s: ItemState) => WAREHOUSES.map((w) => Math.max(0, s.sellableByWarehouse[w] ?? 0));

  it("the quantities published do not depend on arrival order, and a real change at a tie is never silently dropped", () => {
    fc.assert(
      fc.property(tied.chain((list) => fc.tuple(arrivals(list), arrivals(list))), prefs, ([first, second], c) => {
        expect(published(replay(second, c))).toEqual(published(replay(first, c)));
        let s = START;
        for (const e of first) {
          const r = applyWarehouseEvent(s, e, c);
          // A same-time event that differs from what is kept is reported, so the caller re-reads Whiplash.
          if (r.outcome === "STALE" && Date.parse(e.at) === Date.parse(s.lastEventAt ?? "") && e.type !== "OUT_OF_STOCK") {
            const q = WAREHOUSES.map((w) => Math.max(0, Math.trunc((e as { sellableByWarehouse: Record<number, number> }).sellableByWarehouse[w])));
            expect(r.tie).toBe(q.join() !== published(s).join());
          }
          s = r.item;
        }
      }),
      RUNS,
    );
  });
});

describe("rule 3.5 property", () => {
  const anyItem: fc.Arbitrary<ItemState> = fc
    .record({
      sellable: fc.dictionary(fc.integer({ min: 1, max: 4 }).map(String), fc.integer({ min: -1000, max: 1000 })),
      lines: fc.array(
        fc.record({
          warehouseId: fc.integer({ min: 1, max: 4 }),
          expected: fc.integer({ min: -10, max: 500 }),
          receivedGood: fc.integer({ min: -10, max: 600 }),
          damaged: fc.integer({ min: -10, max: 100 }),
          publish: fc.boolean(),
          completed: fc.boolean(),
        }),
        { maxLength: 5 },
      ),
      setting: fc.constantFrom(...ITEM_SYNC_SETTINGS),
      buffer: fc.option(fc.integer({ min: -5, max: 2000 }), { nil: null }),
    })
    .map(({ sellable: sb, lines, setting, buffer }) =>
      item({
        sellableByWarehouse: Object.fromEntries(Object.entries(sb).map(([k, v]) => [Number(k), v])),
        shipLines: lines.map((l, i) => line({ ...l, lineId: i })),
        syncSetting: setting,
        bufferOverride: buffer,
      }),
    );

  it("the published quantity is a whole number, never negative, never above stock + published inbound", () => {
    fc.assert(
      fc.property(anyItem, prefs, fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 5 }), (s, c, warehouses) => {
        const q = quantityToPublish(s, c, warehouses);
        expect(Number.isInteger(q)).toBe(true);
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(quantityToPublish({ ...s, bufferOverride: 0 }, c, warehouses));
      }),
      { numRuns: 1000 },
    );
  });
});

it("example: customer() fixture is the standard setup", () => {
  expect(customer()).toEqual({ defaultSyncSetting: "PROCESS_ORDERS_ONLY", processOrdersMode: "ON_RECEIPT_OFF_AT_SELLOUT", defaultBuffer: 0 });
});
