// The TokenStore the Whiplash client gets in the app: the customer's row (db/) behind encryption (whiplash/).
import type { PrismaClient } from "@prisma/client";
import { customerTokenRows } from "../db/whiplash-tokens";
import { encryptedTokenStore } from "../whiplash/encrypted-token-store";
import type { TokenStore } from "../whiplash/token-store";

export function prismaTokenStore(prisma: PrismaClient, customerId: string, key: Buffer): TokenStore {
  return encryptedTokenStore(customerTokenRows(prisma, customerId), key, `customer:${customerId}`);
}
