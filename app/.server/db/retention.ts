// Retention statements: old rows are deleted a chunk at a time (a few hundred ids per statement), so a
// backlog of months is worked off without one huge delete holding SQLite's single writer lock.
import type { PrismaClient } from "@prisma/client";

/** Ids per delete: short statements, well under SQLite's bound-parameter limit. */
export const RETENTION_CHUNK = 500;

/** Outcomes that are final and uneventful: the event did what it could (or was a stale/unused repeat). */
const SETTLED_OUTCOMES = ["APPLIED", "STALE", "UNUSED", "INVALID"];

/**
 * Deletes inbound events settled before `settledBefore`, and FAILED ones (kept for inspection) settled
 * before `failedBefore`. PENDING events are never touched. Returns how many were deleted.
 */
export async function deleteSettledInboundEvents(
  prisma: PrismaClient,
  cut: { settledBefore: Date; failedBefore: Date },
  chunkSize = RETENTION_CHUNK,
): Promise<number> {
  let deleted = 0;
  for (const [outcomes, before] of [
    [SETTLED_OUTCOMES, cut.settledBefore],
    [["FAILED"], cut.failedBefore],
  ] as const) {
    // receivedAt <= processedAt always: the receivedAt bound lets the (outcome, receivedAt) index find them.
    const where = { outcome: { in: [...outcomes] }, receivedAt: { lt: before }, processedAt: { lt: before } };
    deleted += await deleteInChunks(chunkSize, async (take) => {
      const rows = await prisma.inboundEvent.findMany({ where, select: { id: true }, take });
      if (rows.length === 0) return 0;
      return (await prisma.inboundEvent.deleteMany({ where: { id: { in: rows.map((r) => r.id) }, ...where } })).count;
    });
  }
  return deleted;
}

/** Deletes sync log rows (every shop) written before `before`, oldest first. */
export async function deleteSyncLogBefore(prisma: PrismaClient, before: Date, chunkSize = RETENTION_CHUNK): Promise<number> {
  return deleteInChunks(chunkSize, async (take) => {
    // Ids grow with time, so the oldest rows are found first along the primary key.
    const rows = await prisma.syncLog.findMany({ where: { createdAt: { lt: before } }, select: { id: true }, orderBy: { id: "asc" }, take });
    if (rows.length === 0) return 0;
    return (await prisma.syncLog.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count;
  });
}

async function deleteInChunks(chunkSize: number, deleteChunk: (take: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await deleteChunk(chunkSize);
    total += n;
    if (n < chunkSize) return total;
  }
}
