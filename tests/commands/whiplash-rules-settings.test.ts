// Issue 15 on the Settings page's read side and commands (docs/decisions/0010): Whiplash's customer default
// with its provenance and an unknown code flagged, and the two-syncs question asked once and remembered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db";
import { recordWhiplashCustomerDefault, upsertCustomer } from "../../app/.server/db/customers";
import { loadShopScope } from "../../app/.server/db/shop-scope";
import { loadSettings } from "../../app/.server/views/settings";
import { answerOwnSync } from "../../app/.server/commands/answer-own-sync";

let db: TestDb;
let customerId: string;
const SHOP = "rules-settings.myshopify.com";
const settings = async () => loadSettings(db.prisma, await loadShopScope(db.prisma, SHOP), true);

beforeAll(async () => {
  db = await createTestDb();
  customerId = (await upsertCustomer(db.prisma, { whiplashCustomerId: 4242, name: "Rules Co" })).id;
  await db.prisma.shop.create({ data: { id: SHOP, customerId } });
});
afterAll(async () => db.drop());

describe("Settings: Whiplash's Sync Inventory default", () => {
  it("shows where the default came from and what Whiplash has", async () => {
    await recordWhiplashCustomerDefault(db.prisma, customerId, 0, new Date("2026-03-01T10:00:00Z"));
    expect((await settings()).prefs).toMatchObject({
      defaultSyncSetting: "NEVER",
      defaultSetByText: "a change in Whiplash",
      whiplashDefault: "Never",
      unknownDefaultCode: null,
      rulesWriteBack: true,
    });
  });

  it("flags an unknown code and keeps ours", async () => {
    await recordWhiplashCustomerDefault(db.prisma, customerId, 9, new Date("2026-03-01T11:00:00Z"));
    const prefs = (await settings()).prefs!;
    expect(prefs.defaultSyncSetting).toBe("NEVER");
    expect(prefs.whiplashDefault).toBe("unknown code 9");
    expect(prefs.unknownDefaultCode).toContain("code 9");
  });
});

describe("the two-syncs question", () => {
  it("is unanswered at first, then remembered; a bad answer changes nothing", async () => {
    expect((await settings()).ownSyncAnswer).toBeNull();
    expect(await answerOwnSync(db.prisma, customerId, "maybe")).toMatchObject({ ok: false, status: 400 });
    expect((await settings()).ownSyncAnswer).toBeNull();
    expect(await answerOwnSync(db.prisma, customerId, "ON")).toMatchObject({ ok: true });
    expect((await settings()).ownSyncAnswer).toBe("ON");
    await answerOwnSync(db.prisma, customerId, "OFF");
    expect((await settings()).ownSyncAnswer).toBe("OFF");
  });
});
