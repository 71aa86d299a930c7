// Where a customer's Whiplash tokens live: Customer.accessTokenEnc / refreshTokenEnc / tokenExpiresAt,
// encrypted (token-crypto.ts). The client reads them through this interface so tests can use memory.
import type { PrismaClient } from "@prisma/client";
import { decryptSecret, encryptSecret } from "./token-crypto";

export interface WhiplashTokens {
  accessToken: string;
  refreshToken: string | null;
  /** ms since epoch */
  expiresAt: number;
}

export interface TokenStore {
  load(): Promise<WhiplashTokens | null>;
  save(tokens: WhiplashTokens): Promise<void>;
}

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

export function memoryTokenStore(initial: WhiplashTokens | null = null): TokenStore & { current: WhiplashTokens | null } {
  const store = {
    current: initial,
    async load() {
      return store.current;
    },
    async save(tokens: WhiplashTokens) {
      store.current = tokens;
    },
  };
  return store;
}
