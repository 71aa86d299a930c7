// Issue 12 item 1: "Disconnect" in one store's Settings affects only that store. Two stores connected to
// one Whiplash customer share its login (tokens); the other store stays connected and keeps syncing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAction, createAppHarness, seedShop, type ActionModule, type AppHarness } from "../support/platform/app-harness";
import { BROWSER_UA, mintSessionToken } from "../support/platform/session-token";

const APP = "http://127.0.0.1:3000";
let h: AppHarness;
let settings: ActionModule;

beforeAll(async () => {
  h = await createAppHarness();
  settings = await import("../../app/routes/app.settings");
});
afterAll(async () => {
  await h?.db.drop();
});

async function disconnect(shop: string): Promise<Response> {
  return callAction(
    settings,
    new Request(`${APP}/app/settings`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await mintSessionToken(shop)}`, "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "disconnect" }),
    }),
  );
}

async function twoStoresOneCustomer(a: string, b: string) {
  const { customerId } = await seedShop(h.prisma, a);
  await seedShop(h.prisma, b, { customer: false });
  await h.prisma.shop.update({ where: { id: b }, data: { customerId } });
  await h.prisma.customer.update({
    where: { id: customerId! },
    data: { accessTokenEnc: "v1.access", refreshTokenEnc: "v1.refresh", tokenExpiresAt: new Date(Date.now() + 3600_000) },
  });
  await h.prisma.pendingSync.createMany({
    data: [a, b].map((shopId) => ({ shopId, itemId: "item-1", locationId: "gid://shopify/Location/1", wanted: 5, trigger: "WEBHOOK" })),
  });
  return customerId!;
}

describe("disconnecting Whiplash", () => {
  it("disconnects only the store that asked; the other keeps the customer, its login and its queued syncs", async () => {
    const customerId = await twoStoresOneCustomer("one.myshopify.com", "two.myshopify.com");
    expect((await disconnect("one.myshopify.com")).status).toBe(200);

    const one = await h.prisma.shop.findUniqueOrThrow({ where: { id: "one.myshopify.com" } });
    const two = await h.prisma.shop.findUniqueOrThrow({ where: { id: "two.myshopify.com" } });
    expect(one.customerId).toBeNull();
    expect(two.customerId).toBe(customerId);
    const customer = await h.prisma.customer.findUniqueOrThrow({ where: { id: customerId } });
    expect(customer).toMatchObject({ accessTokenEnc: "v1.access", refreshTokenEnc: "v1.refresh" });
    // Nothing more is written to the disconnected store; the other store's queue is untouched.
    expect(await h.prisma.pendingSync.count({ where: { shopId: "one.myshopify.com" } })).toBe(0);
    expect(await h.prisma.pendingSync.count({ where: { shopId: "two.myshopify.com" } })).toBe(1);
  });

  it("the last store to disconnect also forgets the Whiplash login", async () => {
    const customerId = await twoStoresOneCustomer("three.myshopify.com", "four.myshopify.com");
    await disconnect("three.myshopify.com");
    await disconnect("four.myshopify.com");
    const customer = await h.prisma.customer.findUniqueOrThrow({ where: { id: customerId } });
    expect(customer).toMatchObject({ accessTokenEnc: null, refreshTokenEnc: null });
    expect(await h.prisma.shop.count({ where: { customerId } })).toBe(0);
  });
});
