// Exponential backoff for job retries: 2 s, 4 s, 8 s ... capped at 10 min.
// Jitter spreads retries of jobs that failed together (e.g. Shopify down for every shop);
// `random` is injectable so tests are deterministic.
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  /** 0..1: fraction of the delay that is randomised. */
  jitter?: number;
  random?: () => number;
}

export function retryDelayMs(retryCount: number, options: BackoffOptions = {}): number {
  const { baseMs = 2_000, maxMs = 600_000, jitter = 0.2, random = Math.random } = options;
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, retryCount));
  return Math.round(raw * (1 - jitter * random()));
}
