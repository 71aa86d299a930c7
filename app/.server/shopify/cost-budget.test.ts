import { describe, expect, it } from "vitest";
import { CostBudget, type Ticket } from "./cost-budget";
import { ManualClock, flushMicrotasks } from "../../../tests/support/manual-clock";

const STANDARD = { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 };

function track(p: Promise<Ticket>) {
  const state: { ticket?: Ticket; error?: unknown } = {};
  p.then((t) => (state.ticket = t)).catch((e) => (state.error = e));
  return state;
}

describe("CostBudget", () => {
  it("reserves at once while the bucket holds the cost", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, STANDARD);
    const t = await budget.reserve(10);
    expect(t.cost).toBe(10);
    expect(budget.available()).toBe(1990);
  });

  it("waits exactly (cost - available) / restoreRate when short", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, { ...STANDARD, currentlyAvailable: 40 });
    const waiting = track(budget.reserve(100));
    await flushMicrotasks();
    expect(waiting.ticket).toBeUndefined();
    expect(clock.nextWakeAt()! - clock.now()).toBe(600); // (100 - 40) / 100 per s
    await clock.advance(599);
    expect(waiting.ticket).toBeUndefined();
    await clock.advance(1);
    expect(waiting.ticket?.cost).toBe(100);
    expect(budget.available()).toBeCloseTo(0, 6);
  });

  it("mirrors each response's throttleStatus, minus other requests still in flight", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock); // conservative start, no plan assumed
    expect(budget.snapshot().known).toBe(false);
    const a = await budget.reserve(10);
    const b = await budget.reserve(10);
    budget.settle(a, { status: { maximumAvailable: 4000, currentlyAvailable: 3990, restoreRate: 200 } });
    const snap = budget.snapshot();
    expect(snap).toMatchObject({ known: true, maximumAvailable: 4000, restoreRate: 200, inFlight: 1 });
    expect(snap.currentlyAvailable).toBe(3980); // b may not have been charged yet: assume it was not
    budget.settle(b, { status: { maximumAvailable: 4000, currentlyAvailable: 3985, restoreRate: 200 } });
    expect(budget.available()).toBe(3985);
  });

  it("ignores a stale status from an older request that answers late", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, STANDARD);
    const older = await budget.reserve(10);
    const newer = await budget.reserve(10);
    budget.settle(newer, { status: { ...STANDARD, currentlyAvailable: 500 } });
    expect(budget.available()).toBe(490); // minus `older`, still in flight
    budget.settle(older, { status: { ...STANDARD, currentlyAvailable: 1990 } });
    expect(budget.available()).toBe(490);
  });

  it("refunds requested minus actual when no status is available", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, STANDARD);
    const t = await budget.reserve(100);
    expect(budget.available()).toBe(1900);
    budget.settle(t, { requestedCost: 100, actualCost: 12 });
    expect(budget.available()).toBe(1988);
  });

  it("keeps a reservation spent when the request got no answer (timeout)", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, STANDARD);
    const t = await budget.reserve(100);
    budget.settle(t);
    expect(budget.available()).toBe(1900);
  });

  it("cancel and adjust give back points before sending", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, STANDARD);
    const t = await budget.reserve(100);
    budget.adjust(t, 30);
    expect(budget.available()).toBe(1970);
    budget.cancel(t);
    expect(budget.available()).toBe(2000);
  });

  it("recovers from THROTTLED: the status makes the next reserve wait the computed time", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, STANDARD);
    const t = await budget.reserve(50);
    // Another process drained the bucket: Shopify answers THROTTLED with 20 points left.
    budget.settle(t, { status: { ...STANDARD, currentlyAvailable: 20 } });
    const retry = track(budget.reserve(50));
    await flushMicrotasks();
    expect(clock.nextWakeAt()! - clock.now()).toBe(300);
    await clock.advance(300);
    expect(retry.ticket).toBeDefined();
  });

  it("never projects above the bucket maximum", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, { ...STANDARD, currentlyAvailable: 1000 });
    await clock.advance(60_000);
    expect(budget.available()).toBe(2000);
  });

  it("serves interactive requests before background ones that wait on the same bucket", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, { ...STANDARD, currentlyAvailable: 0 });
    const order: string[] = [];
    const bg1 = budget.reserve(100, "background").then(() => order.push("bg1"));
    const bg2 = budget.reserve(100, "background").then(() => order.push("bg2"));
    await flushMicrotasks();
    const ui = budget.reserve(100, "interactive").then(() => order.push("ui"));
    await clock.advance(3000);
    await Promise.all([bg1, bg2, ui]);
    expect(order).toEqual(["ui", "bg1", "bg2"]);
  });

  it("keeps FIFO order within a priority (a big request is not starved by small ones)", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, { ...STANDARD, currentlyAvailable: 0 });
    const order: string[] = [];
    const big = budget.reserve(500).then(() => order.push("big"));
    const small = budget.reserve(10).then(() => order.push("small"));
    await clock.advance(5000);
    expect(order).toEqual(["big"]);
    await clock.advance(100);
    await Promise.all([big, small]);
    expect(order).toEqual(["big", "small"]);
  });

  it("before the real bucket is known, a request larger than the guess waits for a full guess", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 50 });
    const big = track(budget.reserve(1000));
    await clock.advance(19_999);
    expect(big.ticket).toBeUndefined();
    await clock.advance(1);
    expect(big.ticket).toBeDefined();
  });

  it("rejects a cost the shop's known bucket can never hold", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, STANDARD);
    const t = await budget.reserve(1);
    budget.settle(t, { status: { maximumAvailable: 500, currentlyAvailable: 500, restoreRate: 25 } });
    await expect(budget.reserve(600)).rejects.toMatchObject({ kind: "COST_ABOVE_BUCKET" });
  });

  it("an aborted waiter leaves the queue and does not block the next one", async () => {
    const clock = new ManualClock();
    const budget = new CostBudget(clock, { ...STANDARD, currentlyAvailable: 0 });
    const controller = new AbortController();
    const aborted = track(budget.reserve(1000, "background", controller.signal));
    const next = track(budget.reserve(10));
    await flushMicrotasks();
    controller.abort(new Error("page closed"));
    await clock.advance(100);
    expect(aborted.error).toBeInstanceOf(Error);
    expect(next.ticket).toBeDefined();
  });
});
