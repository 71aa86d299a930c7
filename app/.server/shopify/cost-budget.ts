// One shop's share of Shopify's leaky bucket, as this process sees it.
//
// Shopify charges a query's requested cost when it starts and refunds down to the actual cost when it
// ends; the bucket refills at restoreRate points per second up to maximumAvailable. We never hard-code
// plan numbers: every response's throttleStatus resets our view. Between responses we project the
// bucket forward in time and deduct what we send. Callers reserve a cost before sending and wait
// (computed, not guessed: (cost - available) / restoreRate) when the bucket is short; interactive
// callers (a merchant's page load) are served before background work waiting on the same bucket.
import type { Clock } from "./clock";
import { PermanentError } from "./errors";

export type Priority = "interactive" | "background";
const RANK: Record<Priority, number> = { interactive: 0, background: 1 };

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * What we assume before the first response tells us the truth: smaller than every current plan
 * (Standard is 2000 / 100 per second), so a new process never bursts past a shop's real bucket.
 */
export const CONSERVATIVE_START: ThrottleStatus = { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 };

export interface Ticket {
  readonly id: number;
  readonly priority: Priority;
  /** Points deducted for this request (its requested cost). */
  cost: number;
}

interface Waiter {
  ticket: Ticket;
  resolve: (t: Ticket) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
}

export interface BudgetSnapshot extends ThrottleStatus {
  /** True once a response has told us the shop's real bucket. */
  known: boolean;
  inFlight: number;
  inFlightCost: number;
  waiting: number;
}

export class CostBudget {
  private max: number;
  private rate: number;
  /** Points available at time `at` (may be negative after a conservative correction). */
  private level: number;
  private at: number;
  private known = false;
  private nextId = 1;
  /** Ticket id of the newest response applied; older responses are stale and only refund. */
  private lastAppliedId = 0;
  private readonly inFlight = new Map<number, Ticket>();
  private queue: Waiter[] = [];
  private wakeAt: number | undefined;

  constructor(
    private readonly clock: Clock,
    initial: ThrottleStatus = CONSERVATIVE_START,
  ) {
    this.max = initial.maximumAvailable;
    this.rate = initial.restoreRate;
    this.level = initial.currentlyAvailable;
    this.at = clock.now();
  }

  /** Points available now, by projection from the last known state. */
  available(): number {
    const now = this.clock.now();
    return Math.min(this.max, this.level + ((now - this.at) * this.rate) / 1000);
  }

  /** Milliseconds until `cost` points could be reserved if nobody else were waiting. */
  waitMsFor(cost: number): number {
    const short = Math.min(cost, this.max) - this.available();
    return short <= 0 ? 0 : Math.ceil((short / this.rate) * 1000);
  }

  snapshot(): BudgetSnapshot {
    let inFlightCost = 0;
    for (const t of this.inFlight.values()) inFlightCost += t.cost;
    return {
      maximumAvailable: this.max,
      currentlyAvailable: this.available(),
      restoreRate: this.rate,
      known: this.known,
      inFlight: this.inFlight.size,
      inFlightCost,
      waiting: this.queue.length,
    };
  }

  /**
   * Waits until `cost` points are available (in priority order), deducts them and returns a ticket to
   * settle when the response (or failure) arrives.
   */
  reserve(cost: number, priority: Priority = "background", signal?: AbortSignal): Promise<Ticket> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const ticket: Ticket = { id: this.nextId++, priority, cost: Math.max(0, cost) };
    return new Promise<Ticket>((resolve, reject) => {
      const onAbort = () => {
        if (!this.queue.includes(waiter)) return;
        this.queue = this.queue.filter((w) => w !== waiter);
        reject(signal!.reason);
        this.pump();
      };
      // The listener must go once the waiter is served: long-lived signals see thousands of reserves.
      const waiter: Waiter = {
        ticket,
        resolve: (t) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(t);
        },
        reject: (e) => {
          signal?.removeEventListener("abort", onAbort);
          reject(e);
        },
        signal,
      };
      const at = this.queue.findIndex(
        (w) => RANK[w.ticket.priority] > RANK[priority] || (RANK[w.ticket.priority] === RANK[priority] && w.ticket.id > ticket.id),
      );
      if (at < 0) this.queue.push(waiter);
      else this.queue.splice(at, 0, waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.pump();
    });
  }

  /** Changes a reserved cost before sending (e.g. the batch came out smaller than planned). */
  adjust(ticket: Ticket, cost: number): void {
    const delta = ticket.cost - Math.max(0, cost);
    ticket.cost = Math.max(0, cost);
    this.credit(delta);
  }

  /** Gives back a reservation that was never sent. */
  cancel(ticket: Ticket): void {
    if (!this.inFlight.delete(ticket.id)) return;
    this.credit(ticket.cost);
  }

  /**
   * The request behind `ticket` finished. With a throttleStatus (every GraphQL response has one, even
   * THROTTLED) our view is reset to Shopify's, minus the requests still in flight: we cannot tell
   * whether Shopify had already charged them when it answered, so we assume it had not (conservative
   * by at most the in-flight cost). Responses older than one already applied are stale; from those we
   * only take the refund. Without any status (timeout, network error) the reservation stays spent.
   */
  settle(ticket: Ticket, outcome: { status?: ThrottleStatus; requestedCost?: number; actualCost?: number } = {}): void {
    if (!this.inFlight.delete(ticket.id)) return;
    const { status } = outcome;
    if (status && ticket.id > this.lastAppliedId) {
      let others = 0;
      for (const t of this.inFlight.values()) others += t.cost;
      this.max = status.maximumAvailable;
      this.rate = status.restoreRate > 0 ? status.restoreRate : this.rate;
      this.level = status.currentlyAvailable - others;
      this.at = this.clock.now();
      this.known = true;
      this.lastAppliedId = ticket.id;
    } else if (outcome.actualCost !== undefined && outcome.actualCost !== null) {
      // Shopify refunds requested - actual; count the refund against what we deducted.
      const charged = outcome.requestedCost ?? ticket.cost;
      this.credit(Math.max(0, Math.min(ticket.cost, charged) - outcome.actualCost));
    }
    this.pump();
  }

  private credit(points: number): void {
    if (points === 0) return;
    const now = this.clock.now();
    this.level = this.available() + points;
    this.at = now;
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (this.known && head.ticket.cost > this.max) {
        this.queue.shift();
        head.reject(
          new PermanentError("COST_ABOVE_BUCKET", `cost ${head.ticket.cost} exceeds the shop's bucket of ${this.max}`, {
            detail: { cost: head.ticket.cost, maximumAvailable: this.max },
          }),
        );
        continue;
      }
      // Until the real bucket is known a large request may not fit our guess: it waits for a full one.
      const need = Math.min(head.ticket.cost, this.max);
      const available = this.available();
      if (available + 1e-9 >= need) {
        this.queue.shift();
        this.level = available - head.ticket.cost;
        this.at = this.clock.now();
        this.inFlight.set(head.ticket.id, head.ticket);
        head.resolve(head.ticket);
        continue;
      }
      this.scheduleWake(this.clock.now() + Math.ceil(((need - available) / this.rate) * 1000));
      return;
    }
  }

  private scheduleWake(at: number): void {
    if (this.wakeAt !== undefined && this.wakeAt <= at && this.wakeAt >= this.clock.now()) return;
    this.wakeAt = at;
    void this.clock.sleep(at - this.clock.now()).then(() => {
      if (this.wakeAt === at) this.wakeAt = undefined;
      this.pump();
    });
  }
}
