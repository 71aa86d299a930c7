import { describe, expect, it } from "vitest";
import { item } from "../../domain/test-support/fixtures";
import { replayTrigger } from "./fan-out";

// A replayed event is queued from the item's stored state (an earlier attempt saved it and stopped before
// queueing). While automation keeps Process Orders off after a sell-out, the replay must queue the sell-out's
// sync, even when stock arrived since (an adjustment does not switch Process Orders on in the standard
// setup); otherwise Shopify keeps showing the stock that sold out (rule 3.4).
describe("replayTrigger", () => {
  const soldOut = item({ processOrders: false, processOrdersSetBy: "AUTOMATION", sellableByWarehouse: { 1: 0 } });
  it.each([
    ["sold out, automation switched Process Orders off", {}, "SELLOUT"],
    ["stock came back after the sell-out, Process Orders still off", { sellableByWarehouse: { 1: 3 } }, "SELLOUT"],
    ["Process Orders on again", { processOrders: true, sellableByWarehouse: { 1: 3 } }, "WEBHOOK"],
    ["a person switched Process Orders off", { processOrdersSetBy: "PERSON" as const }, "WEBHOOK"],
  ])("%s", (_label, patch, trigger) => {
    expect(replayTrigger({ ...soldOut, ...patch })).toBe(trigger);
  });
});
