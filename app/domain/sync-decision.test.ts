import { describe, expect, it } from "vitest";
import { decideSync, describeDecision, describeSkipReason, effectiveSetting, isForcedTrigger, isSelloutFinal } from "./sync-decision";
import { customer, item, LINK, SHOP } from "./test-support/fixtures";
import {
  ITEM_SYNC_SETTINGS,
  SKIP_REASONS,
  SYNC_SETTINGS,
  SYNC_TRIGGERS,
  type Decision,
  type ItemLinkState,
  type ItemSyncSetting,
  type SyncSetting,
} from "./types";

describe("effectiveSetting (rule 3.1)", () => {
  it.each(
    ITEM_SYNC_SETTINGS.flatMap((itemSetting) => SYNC_SETTINGS.map((customerDefault) => [itemSetting, customerDefault] as const)),
  )("item %s over customer %s", (itemSetting, customerDefault) => {
    expect(effectiveSetting(itemSetting, customerDefault)).toBe(itemSetting === "CUSTOMER_DEFAULT" ? customerDefault : itemSetting);
  });
});

// Rule 3.2 as a table, in its order. Each row: [condition, expected kind, expected reason]. The first row whose
// condition holds is the expected decision. "received" is deliberately absent: whether an item was received
// only matters through Process Orders automation (rule 3.3), never directly in the decision.
type Case = {
  syncEnabled: boolean;
  customerDefault: SyncSetting;
  itemSetting: ItemSyncSetting;
  processOrders: boolean;
  received: boolean;
  link: "matched" | "unmatched" | "untracked";
};
const RULE_3_2: Array<[(c: Case, effective: SyncSetting) => boolean, Decision["kind"], string]> = [
  [(c) => !c.syncEnabled, "skip", "STORE_SYNC_OFF"],
  [(c) => c.link === "unmatched", "skip", "UNMATCHED"],
  [(c) => c.link === "untracked", "skip", "NOT_TRACKED"],
  [(_c, e) => e === "NEVER", "skip", "NEVER"],
  [(_c, e) => e === "ALWAYS", "sync", "ALWAYS"],
  [(c) => c.processOrders, "sync", "PROCESSING_ORDERS"],
  [() => true, "skip", "NOT_PROCESSING_ORDERS"],
];

const cases: Case[] = [];
for (const syncEnabled of [true, false])
  for (const customerDefault of SYNC_SETTINGS)
    for (const itemSetting of ITEM_SYNC_SETTINGS)
      for (const processOrders of [true, false])
        for (const received of [true, false])
          for (const link of ["matched", "unmatched", "untracked"] as const)
            cases.push({ syncEnabled, customerDefault, itemSetting, processOrders, received, link });

function linkFor(c: Case): ItemLinkState | null {
  return c.link === "unmatched" ? null : { ...LINK, tracked: c.link === "matched" };
}

describe("decideSync: every combination (rule 3.2)", () => {
  it("covers 2 x 3 x 4 x 2 x 2 x 3 = 288 combinations", () => expect(cases).toHaveLength(288));

  it.each(cases)(
    "shop $syncEnabled / default $customerDefault / item $itemSetting / PO $processOrders / received $received / $link",
    (c) => {
      const effective = c.itemSetting === "CUSTOMER_DEFAULT" ? c.customerDefault : c.itemSetting;
      const [, kind, reason] = RULE_3_2.find(([when]) => when(c, effective))!;
      const decision = decideSync({
        shop: { ...SHOP, syncEnabled: c.syncEnabled },
        customer: customer({ defaultSyncSetting: c.customerDefault }),
        item: item({
          syncSetting: c.itemSetting,
          processOrders: c.processOrders,
          processOrdersSetBy: c.processOrders ? "AUTOMATION" : "IMPORT",
          receivedTotal: c.received ? 10 : 0,
          firstReceivedAt: c.received ? "2026-01-01T00:00:00.000Z" : null,
          sellableByWarehouse: c.received ? { 1: 10 } : {},
        }),
        link: linkFor(c),
        trigger: "WEBHOOK",
      });
      expect(decision).toMatchObject({ kind, reason, effective });
      expect(decision.settingFrom).toBe(c.itemSetting === "CUSTOMER_DEFAULT" ? "CUSTOMER_DEFAULT" : "ITEM");
      expect(describeDecision(decision)).toMatch(kind === "sync" ? /^Synced/ : /^Not (synced|sent)/);
    },
  );

  it("is evaluated with the item as it is now, whatever the trigger (except the sell-out final publish)", () => {
    for (const trigger of SYNC_TRIGGERS.filter((t) => t !== "SELLOUT")) {
      const d = decideSync({ shop: SHOP, customer: customer(), item: item({ processOrders: false }), link: LINK, trigger });
      expect(d).toMatchObject({ kind: "skip", reason: "NOT_PROCESSING_ORDERS" });
    }
  });
});

describe("sell-out final publish (rule 3.4)", () => {
  const soldOut = item({
    processOrders: false,
    processOrdersSetBy: "AUTOMATION",
    sellableByWarehouse: { 1: 0, 2: 0 },
    receivedTotal: 5,
    firstReceivedAt: "2026-01-01T00:00:00.000Z",
  });
  const decide = (patch: Partial<typeof soldOut>, trigger: "SELLOUT" | "WEBHOOK" = "SELLOUT", syncEnabled = true) =>
    decideSync({ shop: { ...SHOP, syncEnabled }, customer: customer(), item: { ...soldOut, ...patch }, link: LINK, trigger });

  it("syncs a SELLOUT of an item automation just switched off, with reason SELLOUT_FINAL", () => {
    expect(decide({})).toEqual({ kind: "sync", reason: "SELLOUT_FINAL", effective: "PROCESS_ORDERS_ONLY", settingFrom: "CUSTOMER_DEFAULT" });
    expect(isSelloutFinal(soldOut, "SELLOUT")).toBe(true);
  });
  it("does not apply to later, ordinary triggers", () => {
    expect(decide({}, "WEBHOOK")).toMatchObject({ kind: "skip", reason: "NOT_PROCESSING_ORDERS" });
  });
  it("respects a person's OFF and an import's OFF", () => {
    expect(decide({ processOrdersSetBy: "PERSON" })).toMatchObject({ kind: "skip", reason: "NOT_PROCESSING_ORDERS" });
    expect(decide({ processOrdersSetBy: "IMPORT" })).toMatchObject({ kind: "skip", reason: "NOT_PROCESSING_ORDERS" });
  });
  it("still applies when stock came back but Process Orders is still off (the quantity is the sell-out's, see syncTarget)", () => {
    expect(decide({ sellableByWarehouse: { 1: 3 } })).toMatchObject({ kind: "sync", reason: "SELLOUT_FINAL" });
  });
  it("gives way to the ordinary sync once Process Orders is on again", () => {
    expect(decide({ sellableByWarehouse: { 1: 3 }, processOrders: true })).toMatchObject({ kind: "sync", reason: "PROCESSING_ORDERS" });
  });
  it("still obeys the earlier rules of 3.2 (store off, Never)", () => {
    expect(decide({}, "SELLOUT", false)).toMatchObject({ kind: "skip", reason: "STORE_SYNC_OFF" });
    expect(decide({ syncSetting: "NEVER" })).toMatchObject({ kind: "skip", reason: "NEVER" });
    expect(decide({ syncSetting: "ALWAYS" })).toMatchObject({ kind: "sync", reason: "ALWAYS" });
  });
});

describe("isForcedTrigger (rule 3.6)", () => {
  it("forces only manual and bulk syncs", () => {
    expect(SYNC_TRIGGERS.filter(isForcedTrigger)).toEqual(["MANUAL", "BULK"]);
  });
});

describe("sentences", () => {
  it("has a sentence for every skip reason", () => {
    for (const reason of SKIP_REASONS) expect(describeSkipReason(reason).length).toBeGreaterThan(20);
  });
  it("names the customer default when it decided", () => {
    expect(describeDecision({ kind: "skip", reason: "NEVER", effective: "NEVER", settingFrom: "CUSTOMER_DEFAULT" })).toBe(
      "Not synced: your default Sync Inventory setting is Never.",
    );
    expect(describeDecision({ kind: "skip", reason: "NEVER", effective: "NEVER", settingFrom: "ITEM" })).toBe(
      "Not synced: this item is set to Never.",
    );
    expect(describeDecision({ kind: "skip", reason: "NEVER", effective: "NEVER" })).toBe("Not synced: this item is set to Never.");
  });
});
