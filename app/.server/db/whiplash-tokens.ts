// A customer's Whiplash tokens as stored: Customer.accessTokenEnc / refreshTokenEnc / tokenExpiresAt, already
// encrypted by the caller (whiplash/encrypted-token-store.ts). Nothing here sees a plaintext token.
import type { PrismaClient } from "@prisma/client";
import type { Db } from "./db-types";

export interface StoredTokenRow {
  accessTokenEnc: string;
  refreshTokenEnc: string | null;
  /** ms since epoch */
  expiresAt: number;
}

export function customerTokenRows(prisma: PrismaClient, customerId: string) {
  return {
    async load(): Promise<StoredTokenRow | null> {
      const row = await prisma.customer.findUnique({
        where: { id: customerId },
        select: { accessTokenEnc: true, refreshTokenEnc: true, tokenExpiresAt: true },
      });
      if (!row?.accessTokenEnc) return null;
      return { accessTokenEnc: row.accessTokenEnc, refreshTokenEnc: row.refreshTokenEnc, expiresAt: row.tokenExpiresAt?.getTime() ?? 0 };
    },
    async save(tokens: StoredTokenRow): Promise<void> {
      await prisma.customer.update({
        where: { id: customerId },
        data: { accessTokenEnc: tokens.accessTokenEnc, refreshTokenEnc: tokens.refreshTokenEnc, tokenExpiresAt: new Date(tokens.expiresAt) },
      });
    },
  };
}

/** Forgets the customer's Whiplash tokens (disconnect): syncing stops until the merchant reconnects. */
export async function clearWhiplashTokens(prisma: Db, customerId: string): Promise<void> {
  await prisma.customer.update({ where: { id: customerId }, data: { accessTokenEnc: null, refreshTokenEnc: null, tokenExpiresAt: null } });
}
