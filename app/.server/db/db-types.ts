// Small types and checks shared by the repository modules.
import type { Prisma, PrismaClient } from "@prisma/client";

/** A client or a transaction: repository functions that need no transaction of their own accept either. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** Buffers are whole units >= 0 (rule 3.5). */
export function assertBuffer(value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`buffer must be a whole number >= 0, got ${value}`);
}

/** ISO string (domain) -> Date (Prisma). */
export function toDate(iso: string | null | undefined): Date | null {
  return iso == null ? null : new Date(iso);
}

/** Date (Prisma) -> ISO string (domain). */
export function toIso(date: Date | null | undefined): string | null {
  return date == null ? null : date.toISOString();
}

/** Splits a list into chunks (SQLite limits bound parameters per statement). */
export function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** True for the client itself (which can open a transaction), false for a transaction client. */
export function isClient(db: Db): db is PrismaClient {
  return "$transaction" in db;
}
