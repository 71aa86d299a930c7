// What syncing N items costs in Shopify's rate-limit budget with our writer (pure; used on the server for
// banners and in the browser while a merchant picks "Always"). DESIGN.md sections 5 and 9: a call carries
// up to 250 quantities and costs 10 points (as measured, when we have measured it); the bucket refills at
// the shop's restoreRate.

/** Quantities per inventorySetQuantities call (Shopify's input limit; the writer fills calls to it). */
export const QUANTITIES_PER_CALL = 250;
/** Shopify's documented cost of a mutation, used until our own calls have measured it. */
export const DEFAULT_CALL_COST = 10;

export interface SyncCost {
  items: number;
  calls: number;
  costPerCall: number;
  /** Points one full sync of these items takes. */
  points: number;
  restoreRate: number;
  maximumAvailable: number;
  /** Seconds of the shop's restore rate those points take. */
  seconds: number;
  /** Whether a full bucket absorbs it at once (no waiting at all). */
  fitsInBucket: boolean;
  /** What a one-item-per-call client (the failure Whiplash's help page warns about) would spend. */
  naivePoints: number;
  naiveSeconds: number;
}

export function syncCost(
  items: number,
  throttle: { restoreRate: number; maximumAvailable: number },
  perCall: number = DEFAULT_CALL_COST,
): SyncCost {
  const calls = Math.ceil(items / QUANTITIES_PER_CALL);
  const points = calls * perCall;
  const rate = Math.max(1, throttle.restoreRate);
  return {
    items,
    calls,
    costPerCall: perCall,
    points,
    restoreRate: throttle.restoreRate,
    maximumAvailable: throttle.maximumAvailable,
    seconds: points / rate,
    fitsInBucket: points <= throttle.maximumAvailable,
    naivePoints: items * perCall,
    naiveSeconds: (items * perCall) / rate,
  };
}

const n = (v: number) => v.toLocaleString("en-US");
const secs = (s: number) => (s < 1 ? "under a second" : s < 120 ? `${Math.ceil(s)} s` : `${Math.ceil(s / 60)} min`);

/** One sentence with the numbers, instead of "Shopify may rate limit us". */
export function describeSyncCost(c: SyncCost): string {
  return (
    `Syncing all ${n(c.items)} of them once takes ${n(c.calls)} call${c.calls === 1 ? "" : "s"} x ${c.costPerCall} points = ` +
    `${n(c.points)} points of Shopify's budget (${c.fitsInBucket ? "absorbed at once by your" : "more than your"} ` +
    `${n(c.maximumAvailable)}-point bucket; ${secs(c.seconds)} at your shop's restore rate of ${c.restoreRate} points/s). ` +
    `Writing one item per call would need ${n(c.naivePoints)} points (${secs(c.naiveSeconds)}).`
  );
}
