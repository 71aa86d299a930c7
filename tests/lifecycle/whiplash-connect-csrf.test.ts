// Issue 12 item 1: the Whiplash connection cannot be hijacked (login CSRF). Through the real routes: the
// Settings action (real session tokens) starts the flow, the Whiplash simulator's authorize page grants,
// and the callback route receives the redirect in whatever browser approved.
// The attack: an attacker starts "Connect Whiplash" in their own store and sends the authorize URL to
// someone at a victim company; that person approves in their own browser (none of the attacker's
// cookies, no window of the attacker's app). Nothing may link the victim's Whiplash customer to the
// attacker's store, and a state may not be used twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWhiplashSimulator, type WhiplashSimulator } from "../../simulators/whiplash/server";
import { DEMO_CUSTOMER_ID } from "../../simulators/whiplash/seed";
import { callAction, callLoader, createAppHarness, seedShop, type ActionModule, type AppHarness, type LoaderModule } from "../support/platform/app-harness";
import { BROWSER_UA, mintSessionToken } from "../support/platform/session-token";

const APP = "http://127.0.0.1:3000";
const ATTACKER = "attacker.myshopify.com";

let wl: WhiplashSimulator;
let h: AppHarness;
let settings: ActionModule;
let callback: LoaderModule;

beforeAll(async () => {
  wl = await startWhiplashSimulator({ clientId: "demo-whiplash-client", clientSecret: "demo-whiplash-secret", seed: { items: 3 } });
  process.env.WHIPLASH_API_BASE_URL = `${wl.url}/api/v2`;
  process.env.SHOPIFY_APP_URL = APP;
  h = await createAppHarness();
  settings = await import("../../app/routes/app.settings");
  callback = await import("../../app/routes/app_.whiplash.callback");
  await seedShop(h.prisma, ATTACKER, { customer: false });
});
afterAll(async () => {
  await wl?.close();
  await h?.db.drop();
});

/** A form post to the Settings action, as the given staff user of the shop (a real session token). */
async function settingsPost(shop: string, user: string, fields: Record<string, string>): Promise<Response> {
  const token = await mintSessionToken(shop, { sub: user });
  return callAction(
    settings,
    new Request(`${APP}/app/settings`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    }),
  );
}

/** The Settings page's "Connect Whiplash" button. */
async function startConnect(shop: string, user = "1"): Promise<string> {
  const res = await settingsPost(shop, user, { intent: "connect" });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { authorizeUrl?: string };
  expect(body.authorizeUrl).toBeTruthy();
  return body.authorizeUrl!;
}

/** Someone approves the authorize URL on Whiplash's page: a fresh browser, no cookies. */
async function approve(authorizeUrl: string): Promise<URL> {
  const u = new URL(authorizeUrl);
  const form = new URLSearchParams({ ...Object.fromEntries(u.searchParams), customer_id: String(DEMO_CUSTOMER_ID) });
  const res = await fetch(`${wl.url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
  expect(res.status).toBeGreaterThanOrEqual(300);
  return new URL(res.headers.get("location")!);
}

/** The same browser follows Whiplash's redirect to our callback (no Shopify session, no app window). */
type CallbackPage = { ok: boolean; message: string; state: string | null; claim: string | null };
async function openCallback(redirect: URL): Promise<CallbackPage> {
  const res = await callLoader(callback, new Request(`${APP}${redirect.pathname}${redirect.search}`, { headers: { "User-Agent": BROWSER_UA } }));
  return (await res.json()) as CallbackPage;
}

type ActionAnswer = { ok: boolean; message: string; confirm?: { confirmToken: string; customerName: string; whiplashCustomerId: number; otherStores: number } };
/** What the Settings page does with the claim its popup posted to it. */
async function finish(shop: string, user: string, page: CallbackPage): Promise<ActionAnswer> {
  return (await (await settingsPost(shop, user, { intent: "finish", state: page.state ?? "", claim: page.claim ?? "" })).json()) as ActionAnswer;
}
const shopCustomer = async (shop: string) => (await h.prisma.shop.findUniqueOrThrow({ where: { id: shop } })).customerId;
const demoCustomerId = async () => (await h.prisma.customer.findUniqueOrThrow({ where: { whiplashCustomerId: DEMO_CUSTOMER_ID } })).id;

const attackerCustomer = () => shopCustomer(ATTACKER);

describe("Whiplash connect: login CSRF", () => {
  it("an authorize URL approved in another browser does not link that browser's Whiplash customer", async () => {
    const url = await startConnect(ATTACKER);
    await openCallback(await approve(url));
    expect(await attackerCustomer()).toBeNull();
    expect(await h.prisma.customer.count({ where: { whiplashCustomerId: DEMO_CUSTOMER_ID, accessTokenEnc: { not: null } } })).toBe(0);
  });

  it("a state is single-use: a second approval of the same authorize URL is refused at the callback", async () => {
    const url = await startConnect(ATTACKER);
    const first = await openCallback(await approve(url));
    const second = await openCallback(await approve(url));
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(false);
    expect(await attackerCustomer()).toBeNull();
  });

  it("the state alone (what the attacker has) finishes nothing", async () => {
    const url = await startConnect(ATTACKER);
    const victim = await openCallback(await approve(url));
    const state = new URL(url).searchParams.get("state")!;
    const answer = await finish(ATTACKER, "1", { ...victim, state, claim: "guessed" });
    expect(answer.ok).toBe(false);
    // The victim's claim would not help now either: a wrong try burned the sign-in.
    expect((await finish(ATTACKER, "1", victim)).ok).toBe(false);
    expect(await attackerCustomer()).toBeNull();
  });
});

describe("Whiplash connect: the merchant's own flow", () => {
  const SHOP = "merchant.myshopify.com";
  const SECOND = "second.myshopify.com";
  beforeAll(async () => {
    for (const shop of [SHOP, SECOND, "third.myshopify.com"]) await seedShop(h.prisma, shop, { customer: false });
  });

  it("only the staff user who started it, in the same shop, finishes it with the claim; once", async () => {
    const page = await openCallback(await approve(await startConnect(SHOP, "7")));
    expect(page).toMatchObject({ ok: true });
    expect(page.claim).toBeTruthy();
    // Another shop, then another user of the same shop, bring the right claim: refused.
    expect((await finish(SECOND, "7", page)).ok).toBe(false);
    expect((await finish(SHOP, "8", page)).ok).toBe(false);
    expect(await shopCustomer(SHOP)).toBeNull();

    const again = await openCallback(await approve(await startConnect(SHOP, "7")));
    const done = await finish(SHOP, "7", again);
    expect(done).toMatchObject({ ok: true, message: expect.stringContaining("Whiplash Demo Co") });
    expect(await shopCustomer(SHOP)).toBe(await demoCustomerId());
    expect(await h.prisma.customer.findUniqueOrThrow({ where: { whiplashCustomerId: DEMO_CUSTOMER_ID } })).toMatchObject({ accessTokenEnc: expect.stringMatching(/^v1\./) });
    // Used once: the same claim again is refused.
    expect((await finish(SHOP, "7", again)).ok).toBe(false);
    // Nothing is left behind.
    expect(await h.prisma.whiplashConnect.count({ where: { shopId: SHOP } })).toBe(0);
  });

  it("a customer another store already uses is linked only after a confirmation naming it", async () => {
    expect(await shopCustomer(SHOP)).toBe(await demoCustomerId());
    const answer = await finish(SECOND, "1", await openCallback(await approve(await startConnect(SECOND, "1"))));
    expect(answer.ok).toBe(true);
    expect(answer.confirm).toMatchObject({ customerName: "Whiplash Demo Co", whiplashCustomerId: DEMO_CUSTOMER_ID, otherStores: 1 });
    expect(await shopCustomer(SECOND)).toBeNull();

    const token = answer.confirm!.confirmToken;
    // Another shop cannot use the token (nor burn it).
    expect((await (await settingsPost("third.myshopify.com", "1", { intent: "confirm-connect", confirmToken: token })).json()).ok).toBe(false);
    const confirmed = await (await settingsPost(SECOND, "1", { intent: "confirm-connect", confirmToken: token })).json();
    expect(confirmed).toMatchObject({ ok: true, message: expect.stringContaining("Whiplash Demo Co") });
    expect(await shopCustomer(SECOND)).toBe(await demoCustomerId());
    expect((await (await settingsPost(SECOND, "1", { intent: "confirm-connect", confirmToken: token })).json()).ok).toBe(false);
  });

  it("cancelling the confirmation links nothing", async () => {
    const third = "third.myshopify.com";
    const answer = await finish(third, "1", await openCallback(await approve(await startConnect(third, "1"))));
    expect(answer.confirm?.otherStores).toBe(2);
    await settingsPost(third, "1", { intent: "cancel-connect" });
    expect((await (await settingsPost(third, "1", { intent: "confirm-connect", confirmToken: answer.confirm!.confirmToken })).json()).ok).toBe(false);
    expect(await shopCustomer(third)).toBeNull();
  });
});
