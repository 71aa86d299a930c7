// Call-level refusals (issue 12 item 5): a 401, 402, 403 or 423 from Shopify, or a 200 whose body is not
// JSON, says nothing about the items in the call. The writer must stop the run and leave every pending
// row in place (a transient 401 during token rotation must not throw a store's backlog away); a later
// run writes them. Only per-item userErrors are permanent for their item.
import { afterEach, describe, expect, it } from "vitest";
import { WriterWorld } from "../support/writer-world";

let world: WriterWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const cases = [
  { name: "401 (token rejected)", fault: { kind: "status", status: 401 } },
  { name: "402 (shop frozen)", fault: { kind: "status", status: 402 } },
  { name: "403 (access denied)", fault: { kind: "status", status: 403 } },
  { name: "423 (shop locked)", fault: { kind: "status", status: 423 } },
  { name: "a 200 that is not JSON", fault: { kind: "not-json" } },
] as const;

describe("a call-level error stops the run and keeps the backlog", () => {
  for (const { name, fault } of cases) {
    it(name, async () => {
      world = await WriterWorld.start({ items: 600 });
      await world.setWantedMany(Array.from({ length: 600 }, (_, i) => ({ i, quantity: 5 + (i % 7) })));
      world.sim.addFault({ ...fault, operation: "mutation", times: 1 });

      const first = await world.writer().then(
        () => null,
        (error: unknown) => error,
      );
      expect(first, "the run stops with the error").toBeInstanceOf(Error);
      expect((await world.log()).filter((e) => e.decision === "FAILED")).toEqual([]);
      // The refused call's rows, and every row not reached, are still pending.
      expect(await world.pendingCount()).toBeGreaterThanOrEqual(600 - (await world.log()).filter((e) => e.decision === "SYNCED").length);
      expect(await world.pendingCount()).toBeGreaterThan(0);

      const second = await world.writer();
      expect(second.failed).toBe(0);
      expect(await world.pendingCount()).toBe(0);
      expect(world.mismatches()).toEqual([]);
    });
  }
});
