// The customer default read from Whiplash (docs/decisions/0010).
import { describe, expect, it } from "vitest";
import { applyCustomerDefaultReport, isUnknownCustomerCode, type CustomerDefaultState } from "./customer-rules";

const T = (minute: number) => `2026-03-01T10:${String(minute).padStart(2, "0")}:00.000Z`;
const fresh: CustomerDefaultState = { defaultSyncSetting: "PROCESS_ORDERS_ONLY", setBy: "IMPORT", setAt: null, whiplashCode: null, whiplashCodeAt: null };

describe("Whiplash's customer default", () => {
  it("is taken at the first read (Never in Whiplash: Never here)", () => {
    expect(applyCustomerDefaultReport(fresh, 0, T(1))).toMatchObject({ defaultSyncSetting: "NEVER", setBy: "WHIPLASH", whiplashCode: 0 });
  });
  it("an older read is stale", () => {
    const s = applyCustomerDefaultReport(fresh, 0, T(5));
    expect(applyCustomerDefaultReport(s, 1, T(4))).toBe(s);
  });
  it("an unknown code keeps ours and is flagged", () => {
    const s = applyCustomerDefaultReport(fresh, 42, T(1));
    expect(s.defaultSyncSetting).toBe("PROCESS_ORDERS_ONLY");
    expect(isUnknownCustomerCode(s)).toBe(true);
    expect(isUnknownCustomerCode(applyCustomerDefaultReport(s, 1, T(2)))).toBe(false);
  });
  it("a merchant's choice holds until Whiplash's default changes after it", () => {
    const read = applyCustomerDefaultReport(fresh, 2, T(1));
    const mine: CustomerDefaultState = { ...read, defaultSyncSetting: "ALWAYS", setBy: "PERSON", setAt: T(5) };
    expect(applyCustomerDefaultReport(mine, 2, T(9)).defaultSyncSetting).toBe("ALWAYS"); // no change in Whiplash
    expect(applyCustomerDefaultReport(mine, 0, T(4)).defaultSyncSetting).toBe("ALWAYS"); // changed before mine
    expect(applyCustomerDefaultReport(mine, 0, T(6)).defaultSyncSetting).toBe("NEVER"); // changed after mine
  });
});
