import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyWhiplashSignature } from "../../app/.server/whiplash/signature";
import { DEMO_CUSTOMER_ID, seedKind, skuOf } from "./seed";
import { startWhiplashSimulator, type WhiplashSimulator } from "./server";

const clientId = "cid";
const clientSecret = "csecret";

/** A stand-in app that records what it receives. */
async function capture(status = 200) {
  const received: Array<{ body: string; signature: string | undefined; valid: boolean }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const signature = req.headers["x-whiplash-signature"] as string | undefined;
      received.push({ body: raw.toString(), signature, valid: verifyWhiplashSignature(raw, signature, clientSecret) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whiplash`;
  return { received, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("Whiplash simulator", () => {
  let app: Awaited<ReturnType<typeof capture>>;
  let sim: WhiplashSimulator;
  beforeEach(async () => {
    app = await capture();
  });
  afterEach(async () => {
    await sim?.close();
    await app.close();
  });

  it("seeds items matching the Shopify simulator's SKUs, with never-received items and open ship notices", async () => {
    sim = await startWhiplashSimulator({ clientId, clientSecret, webhookUrl: app.url, seed: { items: 30 } });
    const skus = [...sim.state.items.values()].map((i) => i.sku);
    expect(skus).toContain("SKU-00001");
    expect(skus).toContain(skuOf(30));
    const neverReceived = [...sim.state.items.values()].filter((i) => /^SKU-\d+$/.test(i.sku) && seedKind(Number(i.sku.slice(4))) === "never-received");
    expect(neverReceived.length).toBeGreaterThan(0);
    expect(neverReceived.every((i) => i.stock.size === 0)).toBe(true);
    expect([...sim.state.shipNotices.values()].some((n) => n.status < 300 && n.lines.some((l) => l.include_in_published))).toBe(true);
  });

  it("imports a Shopify order after the delay: sellable down, the item event, then order.created with the originator id", async () => {
    sim = await startWhiplashSimulator({ clientId, clientSecret, webhookUrl: app.url, seed: { items: 30 }, orderImportDelayMs: 30 });
    const item = [...sim.state.items.values()].find((i) => i.stock.size > 0 && [...i.stock.values()].some((q) => q >= 2))!;
    const before = [...item.stock.values()].reduce((a, b) => a + b, 0);
    sim.scheduleOrderImport({ shopifyOrderId: 5001, customerId: item.customer_id, lines: [{ sku: item.sku, quantity: 2 }] });
    expect([...item.stock.values()].reduce((a, b) => a + b, 0)).toBe(before); // not yet
    await new Promise((r) => setTimeout(r, 80));
    await sim.flush();
    expect([...item.stock.values()].reduce((a, b) => a + b, 0)).toBe(before - 2);
    const events = app.received.map((r) => JSON.parse(r.body) as { event_name: string; order?: { originator_id?: string } });
    const names = events.map((e) => e.event_name);
    expect(names.indexOf("item.inventory_changed")).toBeLessThan(names.indexOf("order.created"));
    expect(events.find((e) => e.event_name === "order.created")?.order).toMatchObject({ originator_id: "5001", customer_id: item.customer_id });
    expect(app.received.every((r) => r.valid)).toBe(true);
  });

  it("serves the API with bearer tokens, X-CUSTOMER-ID and paging", async () => {
    sim = await startWhiplashSimulator({ clientId, clientSecret, seed: { items: 120 } });
    const { access_token } = sim.issueTokens(DEMO_CUSTOMER_ID);
    const get = (path: string, customer = DEMO_CUSTOMER_ID, token = access_token) =>
      fetch(sim.url + "/api/v2" + path, { headers: { authorization: `Bearer ${token}`, "x-customer-id": String(customer) } });
    expect((await get("/items", DEMO_CUSTOMER_ID, "bad")).status).toBe(401);
    expect((await get("/items", 999)).status).toBe(403);
    const first = (await (await get("/items?page=1&per_page=100")).json()) as Array<{ sku: string; warehouse_quantities: unknown[] }>;
    const second = (await (await get("/items?page=2&per_page=100")).json()) as unknown[];
    expect(first).toHaveLength(100);
    expect(second).toHaveLength(sim.state.items.size - 100);
    expect(first[0]).toMatchObject({ sku: "SKU-00001" });
    const notice = [...sim.state.shipNotices.values()][0];
    expect(await (await get(`/shipnotices/${notice.id}`)).json()).toMatchObject({ id: notice.id, shipnotice_items: expect.any(Array) });
  });

  it("filters items by updated_at_gt, and drops every subscription on /sim/subscriptions/drop", async () => {
    sim = await startWhiplashSimulator({ clientId, clientSecret, seed: { items: 20 } });
    const { access_token } = sim.issueTokens(DEMO_CUSTOMER_ID);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(sim.url + "/api/v2" + path, { ...init, headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" } });
    const before = new Date(Math.max(...[...sim.state.items.values()].map((i) => Date.parse(i.updated_at)))).toISOString();
    const item = [...sim.state.items.values()][4];
    sim.adjust(item.id, 1, 1);
    const changed = (await (await api(`/items?search=${encodeURIComponent(JSON.stringify({ updated_at_gt: before }))}`)).json()) as Array<{ id: number }>;
    expect(changed.map((i) => i.id)).toEqual([item.id]);
    expect(((await (await api("/items?per_page=250")).json()) as unknown[]).length).toBe(sim.state.items.size);

    expect((await api("/notification_subscriptions", { method: "POST", body: JSON.stringify({ notification_event_id: 3, endpoint: app.url }) })).status).toBe(201);
    expect(sim.api.subscriptions).toHaveLength(1);
    expect((await fetch(`${sim.url}/sim/subscriptions/drop`, { method: "POST" })).status).toBe(200);
    expect(sim.api.subscriptions).toHaveLength(0);
  });

  it("runs the authorization-code flow and rotates refresh tokens", async () => {
    sim = await startWhiplashSimulator({ clientId, clientSecret, seed: { items: 3 } });
    const page = await fetch(`${sim.url}/oauth/authorize?client_id=${clientId}&redirect_uri=http://app/cb&response_type=code&state=xyz`);
    expect(await page.text()).toContain("Authorize");
    const consent = await fetch(`${sim.url}/oauth/authorize`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: clientId, redirect_uri: "http://app/cb", state: "xyz", customer_id: String(DEMO_CUSTOMER_ID) }),
    });
    const location = new URL(consent.headers.get("location")!);
    expect(location.searchParams.get("state")).toBe("xyz");
    const tokenRes = await fetch(`${sim.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "authorization_code", code: location.searchParams.get("code"), client_id: clientId, client_secret: clientSecret, redirect_uri: "http://app/cb" }),
    });
    const tokens = (await tokenRes.json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(tokens.expires_in).toBe(7200);
    const refresh = (body: Record<string, string>) =>
      fetch(`${sim.url}/oauth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const again = await refresh({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: clientId, client_secret: clientSecret });
    expect(again.status).toBe(200);
    const reused = await refresh({ grant_type: "refresh_token", refresh_token: tokens.refresh_token, client_id: clientId, client_secret: clientSecret });
    expect(reused.status).toBe(400);
  });

  it("receiving a ship notice sends signed webhooks: the notice, then each received item", async () => {
    sim = await startWhiplashSimulator({ clientId, clientSecret, webhookUrl: app.url, seed: { items: 30 } });
    const notice = [...sim.state.shipNotices.values()].find((n) => n.status === 150)!;
    sim.receiveShipNotice(notice.id);
    await sim.flush();
    expect(app.received.every((r) => r.valid)).toBe(true);
    const names = app.received.map((r) => JSON.parse(r.body).event_name);
    expect(names[0]).toBe("shipnotice.items_received");
    expect(names.slice(1)).toEqual(notice.lines.map(() => "item.inventory_received"));
    const itemEvent = JSON.parse(app.received[1].body);
    expect(itemEvent.item.warehouse_quantities[0]).toMatchObject({ warehouse_id: notice.warehouse_id });
    expect(itemEvent.shipnotice_item).toMatchObject({ id: notice.lines[0].id, quantity_good: notice.lines[0].quantity });
  });

  it("a person switching Process Orders in Whiplash (control endpoint) sends item.updated carrying the flag", async () => {
    sim = await startWhiplashSimulator({ clientId, clientSecret, webhookUrl: app.url, seed: { items: 30 } });
    const item = [...sim.state.items.values()].find((i) => i.available)!;
    const before = item.updated_at;
    const res = await fetch(`${sim.url}/sim/items/${item.id}/process-orders`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ on: false }) });
    expect(res.status).toBe(200);
    await sim.flush();
    expect(item.available).toBe(false);
    expect(app.received.map((r) => JSON.parse(r.body))).toEqual([
      expect.objectContaining({ event_name: "item.updated", item: expect.objectContaining({ id: item.id, available: false }) }),
    ]);
    expect(Date.parse(item.updated_at)).toBeGreaterThan(Date.parse(before));
    sim.setProcessOrders(item.id, false); // unchanged: nothing to send
    await sim.flush();
    expect(app.received).toHaveLength(1);
  });

  it("can duplicate and reorder deliveries (deterministically by seed)", async () => {
    sim = await startWhiplashSimulator({ clientId, clientSecret, webhookUrl: app.url, seed: { items: 30 }, duplicates: 0.5, reorder: true, randomSeed: 7 });
    sim.outbox.pause();
    const item = [...sim.state.items.values()].find((i) => (i.stock.get(1) ?? 0) > 5)!;
    for (let n = 0; n < 5; n++) sim.shipOrder(item.id, 1, 1);
    await sim.flush();
    const bodies = app.received.map((r) => r.body);
    expect(new Set(bodies).size).toBe(5);
    expect(bodies.length).toBeGreaterThan(5);
    const stamps = [...new Set(bodies)].map((b) => JSON.parse(b).item.updated_at as string);
    expect(stamps).not.toEqual([...stamps].sort());
  });

  it("delivers several webhooks at once with deliveryConcurrency, each once, none lost", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const bodies: string[] = [];
    const slow = (async (_url: string, init: RequestInit) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      bodies.push(String(init.body));
      inFlight--;
      return new Response(null, { status: 200 });
    }) as unknown as typeof fetch;
    sim = await startWhiplashSimulator({ clientId, clientSecret, webhookUrl: app.url, seed: { items: 30 }, deliveryConcurrency: 4, fetch: slow });
    sim.outbox.pause();
    const item = [...sim.state.items.values()].find((i) => (i.stock.get(1) ?? 0) > 10)!;
    for (let n = 0; n < 10; n++) sim.shipOrder(item.id, 1, 1);
    await sim.flush();
    expect(maxInFlight).toBe(4);
    expect(bodies).toHaveLength(new Set(bodies).size);
    expect(sim.outbox.deliveries.filter((d) => d.status === 200).length).toBe(bodies.length);
    expect(bodies.length).toBeGreaterThanOrEqual(10);
  });

  it("retries a delivery the app refused with 5xx", async () => {
    const flaky = await capture(503);
    sim = await startWhiplashSimulator({ clientId, clientSecret, webhookUrl: flaky.url, seed: { items: 30 }, maxAttempts: 3, retryDelayMs: 1 });
    const item = [...sim.state.items.values()].find((i) => (i.stock.get(1) ?? 0) > 0)!;
    sim.shipOrder(item.id, 1, 1);
    await sim.flush();
    expect(flaky.received).toHaveLength(3);
    await flaky.close();
  });
});
