// A clock that only moves when a test says so. Sleepers wake in deadline order as time is advanced.
import type { Clock } from "../../app/.server/shopify/clock";

interface Sleeper {
  wakeAt: number;
  seq: number;
  resolve: () => void;
}

export class ManualClock implements Clock {
  private time: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper: Sleeper = { wakeAt: this.time + Math.max(0, ms), seq: this.seq++, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        "abort",
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Number of sleeps not yet woken (lets a test see that something is waiting). */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Earliest pending wake-up, if any. */
  nextWakeAt(): number | undefined {
    return this.sleepers.reduce<number | undefined>((m, s) => (m === undefined || s.wakeAt < m ? s.wakeAt : m), undefined);
  }

  /**
   * Moves time forward by `ms`, waking sleepers one deadline at a time and letting promise chains
   * settle in between (so work a sleeper schedules for "now" also runs before time moves on).
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.sleepers.filter((s) => s.wakeAt <= target).sort((a, b) => a.wakeAt - b.wakeAt || a.seq - b.seq)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.wakeAt);
      this.sleepers = this.sleepers.filter((s) => s !== due);
      due.resolve();
    }
    this.time = target;
    await flushMicrotasks();
  }
}

/** Lets already-resolved promise chains run (a few macrotask turns cover nested awaits). */
export async function flushMicrotasks(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}
