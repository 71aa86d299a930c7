// Holds a named lease for as long as a long-running task needs it: acquires it, renews it every third
// of its TTL, and reports it lost as soon as a renewal fails or the TTL passes without one (the task
// must then stop starting new work: another process may take over).
import type { Clock } from "../../shopify/clock";
import type { LeaseStore } from "../../db/leases";

export class LeaseKeeper {
  private validUntil = 0;
  private lost = false;
  private readonly stop = new AbortController();
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly leases: LeaseStore,
    readonly name: string,
    readonly owner: string,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  async acquire(): Promise<boolean> {
    const at = this.clock.now();
    if (!(await this.leases.acquire(this.name, this.owner, this.ttlMs))) return false;
    this.validUntil = at + this.ttlMs;
    this.renewing = this.renewLoop();
    return true;
  }

  /** True while the lease is certainly ours. */
  held(): boolean {
    return !this.lost && this.clock.now() < this.validUntil;
  }

  async release(): Promise<void> {
    this.stop.abort();
    await this.renewing?.catch(() => {});
    if (!this.lost) await this.leases.release(this.name, this.owner);
  }

  private async renewLoop(): Promise<void> {
    while (!this.stop.signal.aborted) {
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
        // Database briefly unreachable: try again; held() turns false by itself once the TTL passes.
        continue;
      }
      if (!ok) {
        this.lost = true;
        return;
      }
      this.validUntil = at + this.ttlMs;
    }
  }
}
