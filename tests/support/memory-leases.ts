// In-process leases with the semantics of db/leases.ts's prismaLeases (a test double; the contract test
// app/.server/db/leases.test.ts runs both), for tests and benchmarks that run without a database.
import type { LeaseStore } from "../../app/.server/db/leases";

export function memoryLeases(now: () => number = Date.now): LeaseStore {
  const rows = new Map<string, { owner: string; expiresAt: number }>();
  const acquireFrom: LeaseStore["acquireFrom"] = async (name, owner, ttlMs) => {
    const row = rows.get(name);
    if (row && row.owner !== owner && row.expiresAt >= now()) return { acquired: false };
    rows.set(name, { owner, expiresAt: now() + ttlMs });
    return { acquired: true, tookOverFrom: row && row.owner !== owner ? row.owner : null };
  };
  return {
    async acquire(name, owner, ttlMs) {
      return (await acquireFrom(name, owner, ttlMs)).acquired;
    },
    acquireFrom,
    async renew(name, owner, ttlMs) {
      const row = rows.get(name);
      if (!row || row.owner !== owner) return false;
      row.expiresAt = now() + ttlMs;
      return true;
    },
    async release(name, owner) {
      if (rows.get(name)?.owner === owner) rows.delete(name);
    },
  };
}
