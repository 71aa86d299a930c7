// Holds a named lease for as long as a long-running task needs it: acquires it, renews it every third
// of its TTL, and reports it lost as soon as a renewal fails or the TTL passes without one (the task
// must then stop: another process may take over). `signal` aborts at that moment, so the task's calls
// in flight (and their retries and backoff sleeps) are abandoned rather than landing after a newer
// writer's (issue 12 item 7).
import type { Clock } from "../../shopify/clock";
import type { LeaseStore } from "../../db/leases";

/** The reason `LeaseKeeper.signal` aborts with: nothing failed, another process may own the work now. */
export class LeaseLostError extends Error {
  readonly retriable = true;
  constructor(readonly lease: string) {
    super(`lease ${lease} lost`);
    this.name = "LeaseLostError";
  }
}

export class LeaseKeeper {
  private validUntil = 0;
  /** A renewal found the lease taken (it is not ours to release). */
  private refused = false;
  private readonly stop = new AbortController();
  private readonly lostController = new AbortController();
  private loops: Promise<unknown> | undefined;

  constructor(
    private readonly leases: LeaseStore,
    readonly name: string,
    readonly owner: string,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  /** Aborts (with a LeaseLostError) once the lease is no longer certainly ours. */
  get signal(): AbortSignal {
    return this.lostController.signal;
  }

  /** The holder whose expired, unreleased lease acquire() took over (null: it was free or ours). */
  tookOverFrom: string | null = null;

  async acquire(): Promise<boolean> {
    const at = this.clock.now();
    const got = await this.leases.acquireFrom(this.name, this.owner, this.ttlMs);
    if (!got.acquired) return false;
    this.tookOverFrom = got.tookOverFrom;
    this.validUntil = at + this.ttlMs;
    this.loops = Promise.all([this.renewLoop(), this.watchdog()]);
    return true;
  }

  /** True while the lease is certainly ours. */
  held(): boolean {
    return !this.lostController.signal.aborted && this.clock.now() < this.validUntil;
  }

  async release(): Promise<void> {
    this.stop.abort();
    await this.loops?.catch(() => {});
    if (!this.refused) await this.leases.release(this.name, this.owner);
  }

  private markLost(): void {
    if (!this.lostController.signal.aborted) this.lostController.abort(new LeaseLostError(this.name));
  }

  private async renewLoop(): Promise<void> {
    while (!this.stop.signal.aborted && !this.lostController.signal.aborted) {
      try {
        await this.clock.sleep(this.ttlMs / 3, this.stop.signal);
      } catch {
        return; // released
      }
      const at = this.clock.now();
      let ok: boolean;
      try {
        ok = await this.leases.renew(this.name, this.owner, this.ttlMs);
      } catch {
        // Database briefly unreachable: try again; the watchdog ends the lease once the TTL passes.
        continue;
      }
      if (!ok) {
        this.refused = true;
        this.markLost();
        return;
      }
      // A renewal that answered after the lease had already lapsed does not bring it back: the task
      // was told to stop and another process may have taken over in between.
      if (!this.lostController.signal.aborted) this.validUntil = at + this.ttlMs;
    }
  }

  /** Ends the lease when the TTL it last proved runs out (renewals unanswered or too slow). */
  private async watchdog(): Promise<void> {
    while (!this.stop.signal.aborted && !this.lostController.signal.aborted) {
      const left = this.validUntil - this.clock.now();
      if (left <= 0) return this.markLost();
      try {
        await this.clock.sleep(left, this.stop.signal);
      } catch {
        return; // released
      }
    }
  }
}
