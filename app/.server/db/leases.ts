// Named leases in the Lease table: "one shop writer at a time", "one token refresh at a time", across
// processes. Each operation is a single conditional statement (INSERT, or UPDATE/DELETE ... WHERE), so
// it is atomic on SQLite (writes are serialised) and on PostgreSQL (READ COMMITTED re-checks the WHERE
// of a row another transaction just changed). A lease that is not renewed expires, so a crashed holder
// cannot block others for longer than its TTL.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@prisma/client";

export interface LeaseStore {
  /** True when `owner` now holds `name` until now + ttlMs (free, expired, or already ours). */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /**
   * acquire, telling also whose expired lease was taken over: a holder that never released it (it crashed
   * or lost the lease mid-task), whose last work may have half happened. null: free, or already ours.
   */
  acquireFrom(name: string, owner: string, ttlMs: number): Promise<LeaseAcquired>;
  /** Extends our lease. False when it is no longer ours (it expired and someone else took it). */
  renew(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Drops our lease (no-op when it is not ours). */
  release(name: string, owner: string): Promise<void>;
}

export type LeaseAcquired = { acquired: false } | { acquired: true; tookOverFrom: string | null };

/** When the lease `name` runs out as stored now (null: nobody holds it). */
export async function leaseExpiresAt(prisma: PrismaClient, name: string): Promise<Date | null> {
  return (await prisma.lease.findUnique({ where: { name }, select: { expiresAt: true } }))?.expiresAt ?? null;
}

/** A process-unique owner id for lease rows (host, pid and a random part). */
export function newLeaseOwner(role = "worker"): string {
  return `${role}@${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

const knownError = (error: unknown, code: string) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;

export function prismaLeases(prisma: PrismaClient, now: () => number = Date.now): LeaseStore {
  const acquireFrom: LeaseStore["acquireFrom"] = async (name, owner, ttlMs) => {
    const at = now();
    const expiresAt = new Date(at + ttlMs);
    try {
      await prisma.lease.create({ data: { name, owner, expiresAt } });
      return { acquired: true, tookOverFrom: null };
    } catch (error) {
      // P1008: SQLite was busy (another process is writing, most likely a contender): not ours now.
      if (knownError(error, "P1008")) return { acquired: false };
      if (!knownError(error, "P2002")) throw error;
    }
    // Taken: take it over only if it has expired (or is already ours). The UPDATE names the row as read,
    // so it succeeds only if nobody renewed or took it meanwhile, and we know whose lease we took.
    try {
      const held = await prisma.lease.findUnique({ where: { name } });
      if (!held || (held.owner !== owner && held.expiresAt.getTime() >= at)) return { acquired: false };
      const { count } = await prisma.lease.updateMany({
        where: { name, owner: held.owner, expiresAt: held.expiresAt },
        data: { owner, expiresAt },
      });
      if (count !== 1) return { acquired: false };
      return { acquired: true, tookOverFrom: held.owner === owner ? null : held.owner };
    } catch (error) {
      if (knownError(error, "P1008")) return { acquired: false };
      throw error;
    }
  };

  return {
    async acquire(name, owner, ttlMs) {
      return (await acquireFrom(name, owner, ttlMs)).acquired;
    },
    acquireFrom,

    async renew(name, owner, ttlMs) {
      const { count } = await prisma.lease.updateMany({
        where: { name, owner },
        data: { expiresAt: new Date(now() + ttlMs) },
      });
      return count === 1;
    },

    async release(name, owner) {
      await prisma.lease.deleteMany({ where: { name, owner } });
    },
  };
}
