// A stale quantity must not land after the writer's lease is lost (issue 12 item 7). The lease is 30 s;
// one Admin call with its retries (6 attempts, 30 s timeouts, backoff sleeps) can outlive it. When the
// lease is lost, another process may already have taken the shop over and written a newer quantity: the
// first writer's call still in flight (a retry waiting out its backoff, or an answer that has not come)
// must be abandoned, not sent again later over the newer value.
import { afterEach, describe, expect, it } from "vitest";
import type { LeaseStore } from "../../app/.server/db/leases";
import type { FaultRule } from "../../simulators/shopify/faults";
import { memoryLeases } from "../support/memory-leases";
import { WriterWorld } from "../support/writer-world";

let world: WriterWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/**
 * Leases whose renewals find the lease taken by another process once `after()` is true (the faulted
 * call has reached Shopify); `lost` settles at the first refused renewal.
 */
function takenOver(after: () => boolean): { leases: LeaseStore; lost: Promise<void> } {
  const base = memoryLeases();
  let signal!: () => void;
  const lost = new Promise<void>((resolve) => (signal = resolve));
  return {
    lost,
    leases: {
      ...base,
      renew: async (name, owner, ttlMs) => {
        if (!after()) return base.renew(name, owner, ttlMs);
        signal();
        return false;
      },
    },
  };
}

const cases: { name: string; fault: FaultRule; world: { timeoutMs?: number; retry?: { baseMs: number; maxMs: number } } }[] = [
  {
    // The first attempt gets a 503; the client waits 1.5 s before its retry. The lease is lost meanwhile.
    name: "a retry waiting out its backoff",
    fault: { kind: "status", status: 503, operation: "mutation", times: 1 },
    world: { retry: { baseMs: 1_500, maxMs: 1_500 } },
  },
  {
    // Shopify has not answered; the client would time out after 1.5 s and send the call again.
    name: "a call still waiting for its answer",
    fault: { kind: "hang", operation: "mutation", times: 1 },
    world: { timeoutMs: 1_500 },
  },
];

describe("losing the lease aborts the Admin calls in flight", () => {
  for (const c of cases) {
    it(`${c.name}: the old quantity never lands over the new writer's`, { timeout: 15_000 }, async () => {
      world = await WriterWorld.start({ items: 1, ...c.world });
      await world.setWanted(0, 5);
      const fault = world.sim.addFault(c.fault);
      // Lease of 900 ms, renewed every 300 ms (short next to the 1.5 s the call waits, long enough for the
      // Prisma store's first queries on a loaded machine): the first renewal after Shopify received the
      // first writer's call finds the shop taken over.
      const a = takenOver(() => fault.applied > 0);
      const first = world.writer({ owner: "process-a", leases: a.leases, settings: { leaseTtlMs: 900, maxInFlight: 1 } });
      // (A first writer that ends before its call reached Shopify fails here, not by timing out.)
      await Promise.race([a.lost, first.then((r) => Promise.reject(new Error(`the first writer ended (${r.status}) before its call reached Shopify`)))]);

      // The process that took over sees the warehouse's newer quantity and writes it.
      await world.setWanted(0, 999);
      const second = await world.writer({ owner: "process-b", leases: memoryLeases() });
      expect(second).toMatchObject({ status: "completed", written: 1 });
      expect(world.available(0)).toBe(999);

      const firstResult = await first;
      // Shopify still shows the newer value: the first writer sent nothing after losing its lease.
      expect(world.available(0)).toBe(999);
      expect(firstResult.status).toBe("lease-lost");
      expect(firstResult.written).toBe(0);
      expect(world.history().flatMap((g) => g.changes.map((ch) => ch.availableAfter))).toEqual([999]);
      expect(await world.pendingCount()).toBe(0);
    });
  }
});
