// Warehouse timestamps are ISO strings. They are compared as instants (not as strings), so
// "2026-01-01T10:00:00Z" and "2026-01-01T11:00:00+01:00" are the same moment.

/** Milliseconds since the epoch; throws RangeError for a string that is not a timestamp. */
export function toInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO timestamp: ${JSON.stringify(iso)}`);
  return ms;
}

export function isValidInstant(iso: string): boolean {
  return !Number.isNaN(Date.parse(iso));
}

/** The canonical form stored in ItemState (UTC, millisecond precision, like the database column). */
export function normalizeInstant(iso: string): string {
  return new Date(toInstant(iso)).toISOString();
}

/** True when `at` is strictly after `last` (a null `last` means nothing applied yet). */
export function isNewer(at: string, last: string | null | undefined): boolean {
  return last == null || toInstant(at) > toInstant(last);
}

/** True when both are the same instant (a null `last` is never the same). */
export function sameInstant(at: string, last: string | null | undefined): boolean {
  return last != null && toInstant(at) === toInstant(last);
}

export function earliest(a: string | null, b: string): string {
  if (a == null) return normalizeInstant(b);
  return toInstant(b) < toInstant(a) ? normalizeInstant(b) : a;
}
