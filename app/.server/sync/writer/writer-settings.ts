// Tunables of the shop writer, with the reasoning behind each default.
export interface WriterSettings {
  /**
   * Concurrent inventorySetQuantities calls per shop. With ~100 ms per call, 8 in flight carry
   * 8 x 250 quantities per round trip, enough to keep up with even a Plus shop's bucket refill
   * (1000 points/s = 100 calls/s of 10 points is the rate bound; 8 / 0.1 s = 80 calls/s the latency bound).
   */
  maxInFlight: number;
  /**
   * Pages of pending rows read and decided ahead of the batch being filled, during a big pass (pages are
   * still read one at a time). With none, a freed call slot waited for a whole read-and-decide round, which
   * on a busy 2-core machine held Plus's 80 calls/s to about 60 (plus-200k on PostgreSQL: 0.75 of the
   * ceiling before, 0.82-0.83 after, alternating runs). Two keep a read queued behind the one under way.
   */
  pagesAhead: number;
  /**
   * Batches in each page read ahead: one read per two batches halves the reads' fixed cost (statements per
   * call on PostgreSQL 2.1 -> 1.6). A batch's extra rows wait, already decided, for the next call.
   */
  batchesPerPage: number;
  /** Shopify rejects input lists longer than 250. */
  maxQuantitiesPerCall: number;
  /** Requested-cost ceiling per call: Shopify refuses > 1000; we keep 10% headroom for estimation error. */
  costLimitPerCall: number;
  /**
   * A call with fewer than a full batch is sent at once only while the bucket stays above this share of
   * its maximum afterwards; otherwise the writer holds it (up to maxHoldMs) to fill it, because a
   * 10-point call carrying 20 quantities wastes budget a burst may need.
   */
  partialBatchReserve: number;
  /** Longest a partial batch is held for more rows (bounds added latency under a trickle). */
  maxHoldMs: number;
  /** How often an idle writer looks for new pending rows. */
  pollMs: number;
  /** How long a writer with nothing to do stays alive (and holds its lease) before exiting. */
  lingerMs: number;
  /** Lease length; renewed every third of it. A crashed writer blocks its shop at most this long. */
  leaseTtlMs: number;
  /** Retries of a call that Shopify reports as IDEMPOTENCY_CONCURRENT_REQUEST (same key still running). */
  concurrentRequestRetries: number;
  /**
   * Re-reads and retries of one entry refused as CHANGE_FROM_QUANTITY_STALE (rule 3.9). Each retry carries
   * the level just read, so it fails again only if Shopify moved again in between (a busy sale); after
   * this many the entry is recorded FAILED and its row left for the next sync of the item.
   */
  staleRetries: number;
}

export const DEFAULT_WRITER_SETTINGS: WriterSettings = {
  maxInFlight: 8,
  pagesAhead: 2,
  batchesPerPage: 2,
  maxQuantitiesPerCall: 250,
  costLimitPerCall: 900,
  partialBatchReserve: 0.5,
  maxHoldMs: 250,
  pollMs: 100,
  lingerMs: 2_000,
  leaseTtlMs: 30_000,
  concurrentRequestRetries: 5,
  staleRetries: 3,
};
