// One test per Whiplash `notify_originator_inventory` code (docs/decisions/0010): the table is the only
// mapping, unknown codes are reported as unknown, never guessed.
import { describe, expect, it } from "vitest";
import {
  codeForCustomerDefault,
  codeForItemSetting,
  customerDefaultFromCode,
  isUnknownItemCode,
  itemSettingFromCode,
  WHIPLASH_SYNC_CODES,
} from "./whiplash-sync-codes";

describe("Whiplash's Sync Inventory codes (item)", () => {
  it("null (no override) is Customer Default", () => expect(itemSettingFromCode(null)).toEqual({ known: true, setting: "CUSTOMER_DEFAULT" }));
  it("0 is Never", () => expect(itemSettingFromCode(0)).toEqual({ known: true, setting: "NEVER" }));
  it("1 is Always", () => expect(itemSettingFromCode(1)).toEqual({ known: true, setting: "ALWAYS" }));
  it("2 is Only when Process Orders", () => expect(itemSettingFromCode(2)).toEqual({ known: true, setting: "PROCESS_ORDERS_ONLY" }));
  it("an unknown code is unknown, not guessed", () => {
    expect(itemSettingFromCode(3)).toEqual({ known: false, code: 3 });
    expect(itemSettingFromCode(-1)).toEqual({ known: false, code: -1 });
    expect(isUnknownItemCode(7, true)).toBe(true);
    expect(isUnknownItemCode(0, true)).toBe(false);
    expect(isUnknownItemCode(null, false)).toBe(false);
  });
});

describe("Whiplash's Sync Inventory codes (customer default)", () => {
  it("0 is Never", () => expect(customerDefaultFromCode(0)).toEqual({ known: true, setting: "NEVER" }));
  it("1 is Always", () => expect(customerDefaultFromCode(1)).toEqual({ known: true, setting: "ALWAYS" }));
  it("2 is Only when Process Orders", () => expect(customerDefaultFromCode(2)).toEqual({ known: true, setting: "PROCESS_ORDERS_ONLY" }));
  it("null and unknown codes are not a default (ours is kept)", () => {
    expect(customerDefaultFromCode(null)).toEqual({ known: false, code: null });
    expect(customerDefaultFromCode(9)).toEqual({ known: false, code: 9 });
  });
});

describe("write-back uses the same table", () => {
  it("every setting round-trips through its code", () => {
    for (const row of WHIPLASH_SYNC_CODES) {
      expect(itemSettingFromCode(codeForItemSetting(row.item))).toEqual({ known: true, setting: row.item });
      if (row.customer) expect(customerDefaultFromCode(codeForCustomerDefault(row.customer))).toEqual({ known: true, setting: row.customer });
    }
  });
});
