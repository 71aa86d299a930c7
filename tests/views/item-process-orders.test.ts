// The item page shows Process Orders, who set it last and when, and says so when the app's automation and
// Whiplash's own flag disagree (issue 13 item 2, DESIGN 3.10). Through the route's loader with a session.
import { afterAll, beforeAll, expect, it } from "vitest";
import { SHOP_A, seedLinkedCatalog, startUiHarness, type LinkedCatalog, type RouteModule, type UiHarness } from "../support/ui/harness";

let h: UiHarness;
let a: LinkedCatalog;
let route: RouteModule;

beforeAll(async () => {
  h = await startUiHarness();
  a = await seedLinkedCatalog(h.prisma, h.sim, SHOP_A, { products: 2 });
  route = await import("../../app/routes/app.items.$id");
});
afterAll(() => h?.close());

type Detail = {
  processOrders: boolean;
  processOrdersSetByText: string;
  processOrdersSetAt: string | null;
  whiplashProcessOrders: boolean | null;
  processOrdersDisagreement: string | null;
};
const detail = async (id: string) => {
  const res = await h.call(route, "loader", await h.request(SHOP_A, `/app/items/${id}`), { id });
  expect(res.status).toBe(200);
  return ((await res.json()) as { detail: Detail }).detail;
};

it("automation switched it off at sell-out while Whiplash still shows it on: the page says who, when, and that they disagree", async () => {
  const item = a.items[0];
  await h.prisma.item.update({
    where: { id: item.id },
    data: {
      processOrders: false,
      processOrdersSetBy: "AUTOMATION",
      processOrdersSetAt: new Date("2026-03-01T10:02:00Z"),
      whiplashProcessOrders: true,
      whiplashProcessOrdersAt: new Date("2026-03-01T10:02:00Z"),
    },
  });
  expect(await detail(item.id)).toMatchObject({
    processOrders: false,
    processOrdersSetByText: "the app's automation",
    processOrdersSetAt: "2026-03-01T10:02:00.000Z",
    whiplashProcessOrders: true,
    processOrdersDisagreement: expect.stringContaining("Whiplash shows Process Orders on, the app has it off."),
  });
});

it("set by a change in Whiplash and agreeing with it: no disagreement", async () => {
  const item = a.items[1];
  await h.prisma.item.update({
    where: { id: item.id },
    data: { processOrders: false, processOrdersSetBy: "WHIPLASH", whiplashProcessOrders: false, whiplashProcessOrdersAt: new Date("2026-03-01T10:05:00Z") },
  });
  expect(await detail(item.id)).toMatchObject({ processOrdersSetByText: "a change in Whiplash", processOrdersDisagreement: null });
});
