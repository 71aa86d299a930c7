import { describe, expect, it, vi } from "vitest";
import { memoryLeases } from "../../../tests/support/memory-leases";
import { ManualClock } from "../../../tests/support/manual-clock";
import { createOfflineTokenProvider, type OfflineSessionLike } from "./offline-token";

const SHOP = "s.myshopify.com";

function world(clock: ManualClock, expiresInMs: number) {
  let stored: OfflineSessionLike = { accessToken: "t0", expires: new Date(clock.now() + expiresInMs) };
  let refreshes = 0;
  let release: () => void = () => {};
  const refreshStarted = new Promise<void>((r) => (release = r));
  let finishRefresh: () => void = () => {};
  const refreshSession = vi.fn(async () => {
    refreshes++;
    release();
    await new Promise<void>((r) => (finishRefresh = r));
    stored = { accessToken: `t${refreshes}`, expires: new Date(clock.now() + 3_600_000) };
    return stored;
  });
  return {
    loadSession: async () => stored,
    refreshSession,
    refreshStarted,
    finish: () => finishRefresh(),
    get refreshes() {
      return refreshes;
    },
  };
}

describe("offline token provider", () => {
  it("returns the stored token while it is not about to expire, without refreshing", async () => {
    const clock = new ManualClock();
    const w = world(clock, 3_600_000);
    const p = createOfflineTokenProvider({ ...w, leases: memoryLeases(() => clock.now()), owner: "a", clock });
    expect(await p.get(SHOP)).toBe("t0");
    expect(w.refreshSession).not.toHaveBeenCalled();
  });

  it("two processes needing a refresh at once: one refreshes under the lease, the other waits and reads it", async () => {
    const clock = new ManualClock();
    const w = world(clock, 60_000); // inside the 5-minute margin
    const leases = memoryLeases(() => clock.now());
    const a = createOfflineTokenProvider({ ...w, leases, owner: "process-a", clock, pollMs: 100 });
    const b = createOfflineTokenProvider({ ...w, leases, owner: "process-b", clock, pollMs: 100 });
    const tokens = Promise.all([a.get(SHOP), a.get(SHOP), b.get(SHOP)]);
    await w.refreshStarted;
    await clock.advance(300); // b polls while a's refresh is in flight
    w.finish();
    await clock.advance(200);
    expect(await tokens).toEqual(["t1", "t1", "t1"]);
    expect(w.refreshes).toBe(1);
  });

  it("no stored session is a PermanentError (app not installed)", async () => {
    const clock = new ManualClock();
    const p = createOfflineTokenProvider({
      loadSession: async () => undefined,
      refreshSession: async () => ({}),
      leases: memoryLeases(),
      owner: "a",
      clock,
    });
    await expect(p.get(SHOP)).rejects.toMatchObject({ kind: "NO_SESSION", retriable: false });
  });
});
