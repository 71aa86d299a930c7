// The best any client could do under Shopify's rules (issue 5): the larger of
//   rate-bound time    = (total cost - initial bucket) / restore rate
//   latency-bound time = calls x latency / max in-flight calls
// with calls = items / largest allowed batch, and the cost per call as measured.
export interface CeilingInput {
  items: number;
  batchSize: number;
  costPerCall: number;
  initialBucket: number;
  restoreRate: number;
  latencyMs: number;
  maxInFlight: number;
}

export interface Ceiling {
  seconds: number;
  rateBoundSeconds: number;
  latencyBoundSeconds: number;
  calls: number;
  totalCost: number;
}

export function ceiling(c: CeilingInput): Ceiling {
  const calls = Math.ceil(c.items / c.batchSize);
  const totalCost = calls * c.costPerCall;
  const rateBoundSeconds = Math.max(0, (totalCost - c.initialBucket) / c.restoreRate);
  const latencyBoundSeconds = (calls * c.latencyMs) / 1000 / c.maxInFlight;
  return { seconds: Math.max(rateBoundSeconds, latencyBoundSeconds), rateBoundSeconds, latencyBoundSeconds, calls, totalCost };
}
