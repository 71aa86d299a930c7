// A small per-key cache whose concurrent misses share one load. A webhook burst's first requests all
// arrive before the first lookup answers: with a plain "check, then load" cache each of them loaded
// (64 senders, 64 queries on connections not yet open), and those first requests were the intake's p99.

export class SharedLookupCache<K, V> {
  private readonly entries = new Map<K, { value: Promise<V>; until: number }>();

  /** `ttlMs(value)`: how long a loaded value is kept (a miss may be kept shorter than a hit). */
  constructor(
    private readonly ttlMs: (value: V) => number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    const entry = { value: load(), until: Infinity };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        entry.until = this.now() + this.ttlMs(value);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key); // a failure is not kept
      },
    );
    return entry.value;
  }
}
