// Whiplash connections in progress (WhiplashConnect rows). Each row is single use: taking it deletes it, so
// of two requests racing for the same row exactly one gets it. Secrets arrive here already hashed or
// encrypted by the caller (lifecycle/whiplash-connect.ts).
import type { Db } from "./db-types";

export type ConnectStage = "STARTED" | "AUTHORIZED" | "CONFIRM";

export interface ConnectRow {
  id: string;
  shopId: string;
  userId: string | null;
  stage: ConnectStage;
  claimHash: string | null;
  secretEnc: string | null;
  whiplashCustomerId: number | null;
  customerName: string | null;
  expiresAt: Date;
}

/** Stores a new row; expired rows of every shop are dropped on the way (nothing else prunes them). */
export async function createConnect(prisma: Db, row: Omit<ConnectRow, "claimHash" | "secretEnc" | "whiplashCustomerId" | "customerName"> & Partial<ConnectRow>, now: Date): Promise<void> {
  await prisma.whiplashConnect.deleteMany({ where: { expiresAt: { lt: now } } });
  await prisma.whiplashConnect.create({ data: row });
}

/**
 * The callback's step: a STARTED row, not expired, becomes AUTHORIZED with the claim and the code.
 * False when the state is unknown, expired or already used (a second callback with the same state).
 */
export async function markConnectAuthorized(prisma: Db, id: string, now: Date, data: { claimHash: string; secretEnc: string }): Promise<boolean> {
  const { count } = await prisma.whiplashConnect.updateMany({
    where: { id, stage: "STARTED", expiresAt: { gte: now } },
    data: { stage: "AUTHORIZED", ...data },
  });
  return count === 1;
}

/** Takes (deletes and returns) the shop's row at the given stage; null when absent, taken by someone else, or expired. */
export async function takeConnect(prisma: Db, where: { id: string; shopId: string; stage: ConnectStage }, now: Date): Promise<ConnectRow | null> {
  const row = await prisma.whiplashConnect.findFirst({ where });
  if (!row) return null;
  const { count } = await prisma.whiplashConnect.deleteMany({ where });
  if (count !== 1 || row.expiresAt < now) return null;
  return { ...row, stage: row.stage as ConnectStage };
}

/** Drops the shop's rows at a stage (the merchant cancelled). */
export async function deleteShopConnects(prisma: Db, shopId: string, stage: ConnectStage): Promise<void> {
  await prisma.whiplashConnect.deleteMany({ where: { shopId, stage } });
}
