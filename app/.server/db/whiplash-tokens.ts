// A customer's Whiplash tokens: Customer.accessTokenEnc / refreshTokenEnc / tokenExpiresAt, encrypted
// (whiplash/token-crypto.ts, bound to the customer id). prismaTokenStore is the TokenStore the Whiplash
// client receives (whiplash/token-store.ts); the client itself never touches the database.
import type { PrismaClient } from "@prisma/client";
import { decryptSecret, encryptSecret } from "../whiplash/token-crypto";
import type { TokenStore } from "../whiplash/token-store";
import type { Db } from "./db-types";

export function prismaTokenStore(prisma: PrismaClient, customerId: string, key: Buffer): TokenStore {
  const context = `customer:${customerId}`;
  return {
    async load() {
      const row = await prisma.customer.findUnique({
        where: { id: customerId },
        select: { accessTokenEnc: true, refreshTokenEnc: true, tokenExpiresAt: true },
      });
      if (!row?.accessTokenEnc) return null;
      return {
        accessToken: decryptSecret(row.accessTokenEnc, key, context),
        refreshToken: row.refreshTokenEnc ? decryptSecret(row.refreshTokenEnc, key, context) : null,
        expiresAt: row.tokenExpiresAt?.getTime() ?? 0,
      };
    },
    async save(tokens) {
      await prisma.customer.update({
        where: { id: customerId },
        data: {
          accessTokenEnc: encryptSecret(tokens.accessToken, key, context),
          refreshTokenEnc: tokens.refreshToken ? encryptSecret(tokens.refreshToken, key, context) : null,
          tokenExpiresAt: new Date(tokens.expiresAt),
        },
      });
    },
  };
}

/** Forgets the customer's Whiplash tokens (disconnect): syncing stops until the merchant reconnects. */
export async function clearWhiplashTokens(prisma: Db, customerId: string): Promise<void> {
  await prisma.customer.update({ where: { id: customerId }, data: { accessTokenEnc: null, refreshTokenEnc: null, tokenExpiresAt: null } });
}
