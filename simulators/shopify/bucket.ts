// Leaky bucket per (app, shop), as in DESIGN.md section 5: restore 100/200/1000/2000 points per second
// (Standard/Advanced/Plus/Enterprise) and a bucket of 20x the restore rate (observed, not documented).
// Time comes from an injectable clock so tests can move it without sleeping.

export type Plan = "Standard" | "Advanced" | "Plus" | "Enterprise";
export const PLANS: readonly Plan[] = ["Standard", "Advanced", "Plus", "Enterprise"];

export interface PlanLimits {
  restoreRate: number;
  maximumAvailable: number;
}

export const PLAN_LIMITS: Record<Plan, PlanLimits> = {
  Standard: { restoreRate: 100, maximumAvailable: 2000 },
  Advanced: { restoreRate: 200, maximumAvailable: 4000 },
  Plus: { restoreRate: 1000, maximumAvailable: 20000 },
  Enterprise: { restoreRate: 2000, maximumAvailable: 40000 },
};

export function isPlan(value: unknown): value is Plan {
  return typeof value === "string" && (PLANS as readonly string[]).includes(value);
}

export type Clock = () => number;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    private limits: PlanLimits,
    private readonly now: Clock,
  ) {
    this.available = limits.maximumAvailable;
    this.updatedAt = now();
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.updatedAt = now;
    this.available = Math.min(this.limits.maximumAvailable, this.available + elapsedSeconds * this.limits.restoreRate);
  }

  /** Switching plans keeps what is in the bucket (capped), like an upgrade mid-flight would. */
  setLimits(limits: PlanLimits): void {
    this.refill();
    this.limits = limits;
    this.available = Math.min(this.available, limits.maximumAvailable);
  }

  /** Charges `cost` if the bucket holds it; otherwise charges nothing and returns false. */
  tryCharge(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    if (points <= 0) return;
    this.refill();
    this.available = Math.min(this.limits.maximumAvailable, this.available + points);
  }

  /** Fills the bucket to the top (used by reset). */
  fill(): void {
    this.refill();
    this.available = this.limits.maximumAvailable;
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.limits.maximumAvailable,
      // Shopify reports whole points here.
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.limits.restoreRate,
    };
  }
}
