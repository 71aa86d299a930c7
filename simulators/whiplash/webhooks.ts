// Signs and delivers the simulator's webhooks to the app, like Whiplash: POST JSON, header
// X-WHIPLASH-SIGNATURE = hex HMAC-SHA256(body, client secret), retried on failure (Whiplash tries each
// event 10 times). To exercise the intake it can also send duplicates (same bytes again), shuffle the
// order of what is waiting, and delay each delivery.
import { createHmac } from "node:crypto";
import type { WebhookPayload } from "./actions";

export interface OutboxOptions {
  clientSecret: string;
  /** Where each payload goes (fixed URL and/or matching subscriptions). */
  targets: (eventName: string) => string[];
  /** 0..1: probability that a delivery is sent a second time. */
  duplicates?: number;
  /** Shuffle waiting deliveries before sending them. */
  reorder?: boolean;
  delayMs?: number;
  random?: () => number;
  maxAttempts?: number;
  retryDelayMs?: number;
  fetch?: typeof fetch;
  /** Deliveries in flight at once (default 1: one after the other, in queue order). */
  concurrency?: number;
}

export interface DeliveryRecord {
  eventName: string;
  url: string;
  status: number | "network-error";
  attempt: number;
  duplicate: boolean;
  body: string;
}

interface Pending {
  eventName: string;
  url: string;
  body: string;
  duplicate: boolean;
}

export function signBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class WebhookOutbox {
  readonly deliveries: DeliveryRecord[] = [];
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private paused = false;

  constructor(private readonly options: OutboxOptions) {}

  enqueue(payloads: WebhookPayload[]): void {
    const random = this.options.random ?? Math.random;
    for (const payload of payloads) {
      const body = JSON.stringify(payload);
      for (const url of this.options.targets(payload.event_name)) {
        this.queue.push({ eventName: payload.event_name, url, body, duplicate: false });
        if (random() < (this.options.duplicates ?? 0)) this.queue.push({ eventName: payload.event_name, url, body, duplicate: true });
      }
    }
    this.pump();
  }

  /** Holds deliveries (they wait in the queue) until `resume()`; lets tests build up a batch to reorder. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves when everything queued so far has been delivered (or given up). */
  async flush(): Promise<void> {
    if (this.paused) this.resume();
    while (this.running) await this.running;
  }

  private pump(): void {
    if (this.running || this.paused || this.queue.length === 0) return;
    this.running = (async () => {
      try {
        while (this.queue.length > 0 && !this.paused) {
          const batch = this.queue.splice(0);
          if (this.options.reorder) shuffle(batch, this.options.random ?? Math.random);
          // Several senders take from the batch in order; with more than one, a later delivery can
          // overtake an earlier one (as concurrent deliveries do).
          let next = 0;
          const sender = async () => {
            while (next < batch.length) await this.deliver(batch[next++]);
          };
          await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 1) }, sender));
        }
      } finally {
        this.running = null;
      }
      if (this.queue.length > 0 && !this.paused) this.pump();
    })();
  }

  private async deliver(item: Pending): Promise<void> {
    const doFetch = this.options.fetch ?? fetch;
    const maxAttempts = this.options.maxAttempts ?? 10;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (this.options.delayMs) await sleep(this.options.delayMs);
      let status: number | "network-error";
      try {
        const res = await doFetch(item.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-whiplash-signature": signBody(item.body, this.options.clientSecret),
            "user-agent": "whiplash-simulator",
          },
          body: item.body,
        });
        await res.arrayBuffer().catch(() => undefined);
        status = res.status;
      } catch {
        status = "network-error";
      }
      this.deliveries.push({ eventName: item.eventName, url: item.url, status, attempt, duplicate: item.duplicate, body: item.body });
      // 2xx: done. Other 4xx (bad signature, bad payload) will not get better by retrying.
      if (typeof status === "number" && (status < 300 || (status < 500 && status !== 408 && status !== 429))) return;
      if (attempt < maxAttempts) await sleep(this.options.retryDelayMs ?? 100);
    }
  }
}

function shuffle<T>(list: T[], random: () => number): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
}
