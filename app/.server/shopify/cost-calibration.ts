// What a call costs, learned from Shopify's answers instead of assumed.
//
// Per operation name we keep recent (size, requestedCost, actualCost) observations, where size is the
// number of list entries the call carries (quantities in a batch; 1 for plain queries). Shopify's
// static cost is a fixed part plus, for some mutations, a per-entry part, so we fit
// cost = base + perUnit * size. Requested cost drives pacing (it is what the bucket must hold when the
// call starts); actual cost drives batch sizing and throughput estimates (it is what stays spent).
export const MAX_SINGLE_QUERY_COST = 1000;

/** Shopify's documented default for a mutation; queries get a guess that THROTTLED replies correct. */
const DEFAULT_MUTATION_COST = 10;
const DEFAULT_QUERY_COST = 50;
const WINDOW = 64;

interface Observation {
  size: number;
  requested: number;
  actual: number;
}

interface Line {
  base: number;
  perUnit: number;
}

export class CostCalibration {
  private readonly observations = new Map<string, Observation[]>();
  private readonly kinds = new Map<string, "query" | "mutation">();

  record(operationName: string, size: number, requestedCost: number, actualCost?: number | null): void {
    const list = this.observations.get(operationName) ?? [];
    list.push({ size: Math.max(1, size), requested: requestedCost, actual: actualCost ?? requestedCost });
    if (list.length > WINDOW) list.shift();
    this.observations.set(operationName, list);
  }

  /** Remembers whether an operation is a mutation, for the default before anything is observed. */
  noteKind(operationName: string, kind: "query" | "mutation"): void {
    this.kinds.set(operationName, kind);
  }

  /** Cost Shopify will charge up front for a call of `size` entries (rounded up). */
  requested(operationName: string, size = 1): number {
    return Math.ceil(this.estimate(operationName, size, "requested"));
  }

  /** Cost that remains spent after the refund, for throughput planning. */
  actual(operationName: string, size = 1): number {
    return this.estimate(operationName, size, "actual");
  }

  hasObservations(operationName: string): boolean {
    return (this.observations.get(operationName)?.length ?? 0) > 0;
  }

  /**
   * Largest entry count <= maxSize whose requested cost stays within `costLimit` (default: 90% of the
   * 1000-point single-query limit, leaving room for estimation error). Items per point grow with
   * size when there is a fixed part, so the largest allowed batch is the cheapest per item.
   */
  maxBatchSize(operationName: string, maxSize: number, costLimit = MAX_SINGLE_QUERY_COST * 0.9): number {
    const line = this.fit(operationName, "requested");
    if (!line || line.perUnit <= 0) return maxSize;
    const fits = Math.floor((costLimit - line.base) / line.perUnit);
    return Math.max(1, Math.min(maxSize, fits));
  }

  private estimate(operationName: string, size: number, which: "requested" | "actual"): number {
    const list = this.observations.get(operationName);
    if (!list || list.length === 0) {
      return this.kinds.get(operationName) === "query" ? DEFAULT_QUERY_COST : DEFAULT_MUTATION_COST;
    }
    // A size seen before: trust the newest observation of exactly that size (static cost is repeatable).
    for (let i = list.length - 1; i >= 0; i--) if (list[i].size === size) return list[i][which];
    const line = this.fit(operationName, which)!;
    return Math.max(0, line.base + line.perUnit * size);
  }

  private fit(operationName: string, which: "requested" | "actual"): Line | undefined {
    const list = this.observations.get(operationName);
    if (!list || list.length === 0) return undefined;
    const n = list.length;
    const meanX = list.reduce((s, o) => s + o.size, 0) / n;
    const meanY = list.reduce((s, o) => s + o[which], 0) / n;
    let sxx = 0;
    let sxy = 0;
    for (const o of list) {
      sxx += (o.size - meanX) ** 2;
      sxy += (o.size - meanX) * (o[which] - meanY);
    }
    if (sxx === 0) {
      // One size only: attribute up to the default mutation cost to the fixed part, the rest per entry.
      const base = Math.min(meanY, DEFAULT_MUTATION_COST);
      return { base, perUnit: (meanY - base) / meanX };
    }
    const perUnit = Math.max(0, sxy / sxx);
    return { base: Math.max(0, meanY - perUnit * meanX), perUnit };
  }
}

/** Process-wide calibration: Shopify's cost model is the same for every shop. */
export const sharedCalibration = new CostCalibration();
