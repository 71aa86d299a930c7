import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/support/test-db";
import {
  findCustomerByWhiplashId,
  getCustomer,
  getCustomerPrefs,
  touchCustomerWebhook,
  updateCustomerPrefs,
  upsertCustomer,
} from "./customers";
import { getShop, getShopPrefs, setShopSyncEnabled, setWarehouseLocations, shopsForCustomer, upsertShop } from "./shops";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db.drop());

describe("customers", () => {
  it("creates a new customer on the standard setup and never resets its preferences on reconnect", async () => {
    const created = await upsertCustomer(db.prisma, { whiplashCustomerId: 101, name: "Acme" });
    expect(created).toMatchObject({
      whiplashCustomerId: 101,
      name: "Acme",
      prefs: { defaultSyncSetting: "PROCESS_ORDERS_ONLY", processOrdersMode: "ON_RECEIPT_OFF_AT_SELLOUT", defaultBuffer: 0 },
      driftPolicy: "CORRECT",
      lastWebhookAt: null,
    });
    await updateCustomerPrefs(db.prisma, created.id, { defaultSyncSetting: "ALWAYS", defaultBuffer: 2 });
    const again = await upsertCustomer(db.prisma, { whiplashCustomerId: 101, name: "Acme Inc", prefs: { defaultSyncSetting: "NEVER" } });
    expect(again).toMatchObject({ id: created.id, name: "Acme Inc", prefs: { defaultSyncSetting: "ALWAYS", defaultBuffer: 2 } });
  });

  it("round-trips every preference", async () => {
    const c = await upsertCustomer(db.prisma, {
      whiplashCustomerId: 102,
      prefs: { defaultSyncSetting: "NEVER", processOrdersMode: "MANUAL", defaultBuffer: 4 },
    });
    expect(await getCustomerPrefs(db.prisma, c.id)).toEqual({ defaultSyncSetting: "NEVER", processOrdersMode: "MANUAL", defaultBuffer: 4 });
    const prefs = await updateCustomerPrefs(db.prisma, c.id, {
      defaultSyncSetting: "PROCESS_ORDERS_ONLY",
      processOrdersMode: "ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT",
      defaultBuffer: 7,
      driftPolicy: "FLAG",
    });
    expect(prefs).toEqual({ defaultSyncSetting: "PROCESS_ORDERS_ONLY", processOrdersMode: "ON_RECEIPT_OR_ADJUSTMENT_OFF_AT_SELLOUT", defaultBuffer: 7 });
    expect(await updateCustomerPrefs(db.prisma, c.id, { processOrdersMode: "FIRST_RECEIPT_ONLY" })).toMatchObject({ defaultBuffer: 7 });
    expect(await getCustomer(db.prisma, c.id)).toMatchObject({ driftPolicy: "FLAG", prefs: { processOrdersMode: "FIRST_RECEIPT_ONLY" } });
    expect((await findCustomerByWhiplashId(db.prisma, 102))?.id).toBe(c.id);
    expect(await findCustomerByWhiplashId(db.prisma, 999)).toBeNull();
    expect(await getCustomerPrefs(db.prisma, "nope")).toBeNull();
    expect(await updateCustomerPrefs(db.prisma, "nope", { defaultBuffer: 1 })).toBeNull();
  });

  it("refuses a negative or fractional buffer before writing", async () => {
    const c = await upsertCustomer(db.prisma, { whiplashCustomerId: 103 });
    await expect(updateCustomerPrefs(db.prisma, c.id, { defaultBuffer: -1 })).rejects.toThrow(RangeError);
    await expect(updateCustomerPrefs(db.prisma, c.id, { defaultBuffer: 1.5 })).rejects.toThrow(RangeError);
    expect((await getCustomerPrefs(db.prisma, c.id))?.defaultBuffer).toBe(0);
  });

  it("records the last webhook time and never moves it backwards", async () => {
    const c = await upsertCustomer(db.prisma, { whiplashCustomerId: 104 });
    await touchCustomerWebhook(db.prisma, c.id, new Date("2026-01-02T00:00:00Z"));
    await touchCustomerWebhook(db.prisma, c.id, new Date("2026-01-01T00:00:00Z"));
    expect((await getCustomer(db.prisma, c.id))?.lastWebhookAt).toEqual(new Date("2026-01-02T00:00:00Z"));
  });
});

describe("shops", () => {
  it("creates a shop with sync on and no mapping, and round-trips its fields", async () => {
    const customer = await upsertCustomer(db.prisma, { whiplashCustomerId: 201 });
    const shop = await upsertShop(db.prisma, { id: "a.myshopify.com", name: "A", customerId: customer.id, defaultLocationId: "gid://shopify/Location/1" });
    expect(shop).toMatchObject({ id: "a.myshopify.com", name: "A", customerId: customer.id, syncEnabled: true, uninstalledAt: null });
    expect(await getShopPrefs(db.prisma, shop.id)).toEqual({ syncEnabled: true, defaultLocationId: "gid://shopify/Location/1", warehouseLocations: {} });
    await upsertShop(db.prisma, { id: shop.id, name: "A2" });
    expect(await getShop(db.prisma, shop.id)).toMatchObject({ name: "A2", customerId: customer.id, defaultLocationId: "gid://shopify/Location/1" });
    expect(await getShopPrefs(db.prisma, "unknown.myshopify.com")).toBeNull();
  });

  it("switches sync and replaces the warehouse mapping", async () => {
    await upsertShop(db.prisma, { id: "b.myshopify.com" });
    expect(await setShopSyncEnabled(db.prisma, "b.myshopify.com", false)).toBe(true);
    expect(await setShopSyncEnabled(db.prisma, "nope.myshopify.com", false)).toBe(false);
    let prefs = await setWarehouseLocations(db.prisma, "b.myshopify.com", { defaultLocationId: "L0", warehouses: { 1: "L1", 2: "L2" } });
    expect(prefs).toEqual({ syncEnabled: false, defaultLocationId: "L0", warehouseLocations: { 1: "L1", 2: "L2" } });
    prefs = await setWarehouseLocations(db.prisma, "b.myshopify.com", { warehouses: { 3: "L3" } });
    expect(prefs).toEqual({ syncEnabled: false, defaultLocationId: "L0", warehouseLocations: { 3: "L3" } });
    prefs = await setWarehouseLocations(db.prisma, "b.myshopify.com", { defaultLocationId: null, warehouses: {} });
    expect(prefs).toEqual({ syncEnabled: false, defaultLocationId: null, warehouseLocations: {} });
    expect(await setWarehouseLocations(db.prisma, "nope.myshopify.com", { warehouses: { 1: "L" } })).toBeNull();
    await expect(setWarehouseLocations(db.prisma, "b.myshopify.com", { warehouses: { 1: "" } })).rejects.toThrow(RangeError);
  });

  it("lists the customer's connected, installed shops with their prefs", async () => {
    const customer = await upsertCustomer(db.prisma, { whiplashCustomerId: 202 });
    const other = await upsertCustomer(db.prisma, { whiplashCustomerId: 203 });
    await upsertShop(db.prisma, { id: "c1.myshopify.com", customerId: customer.id, defaultLocationId: "L" });
    await upsertShop(db.prisma, { id: "c2.myshopify.com", customerId: customer.id });
    await upsertShop(db.prisma, { id: "c3.myshopify.com", customerId: other.id });
    await upsertShop(db.prisma, { id: "c4.myshopify.com", customerId: customer.id });
    await db.prisma.shop.update({ where: { id: "c4.myshopify.com" }, data: { uninstalledAt: new Date() } });
    await setWarehouseLocations(db.prisma, "c2.myshopify.com", { warehouses: { 5: "L5" } });
    expect(await shopsForCustomer(db.prisma, customer.id)).toEqual([
      { id: "c1.myshopify.com", name: "", prefs: { syncEnabled: true, defaultLocationId: "L", warehouseLocations: {} } },
      { id: "c2.myshopify.com", name: "", prefs: { syncEnabled: true, defaultLocationId: null, warehouseLocations: { 5: "L5" } } },
    ]);
  });
});
