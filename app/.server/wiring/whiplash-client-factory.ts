// Builds the Whiplash client for one customer from the environment and the customer's stored tokens.
import type { PrismaClient } from "@prisma/client";
import { prismaLeases } from "../db/leases";
import { env } from "../env";
import type { Logger } from "../logger";
import { WhiplashClient, type WhiplashClientOptions } from "../whiplash/client";
import { parseEncryptionKey } from "../whiplash/token-crypto";
import { prismaTokenStore } from "./whiplash-token-store";

export type WhiplashClientFactory = (customer: { id: string; whiplashCustomerId: number }) => WhiplashClient;

export function envWhiplashClientFactory(
  prisma: PrismaClient,
  options: Partial<WhiplashClientOptions> & { logger?: Logger } = {},
): WhiplashClientFactory {
  const config = env();
  const key = parseEncryptionKey(config.ENCRYPTION_KEY);
  // One client per customer per factory, so concurrent jobs share one token refresh; other processes
  // (and other factories, e.g. one per Settings request) are kept out by the refresh lease.
  const clients = new Map<string, WhiplashClient>();
  return (customer) => {
    let client = clients.get(customer.id);
    if (!client) {
      client = new WhiplashClient({
        baseUrl: config.WHIPLASH_API_BASE_URL,
        clientId: config.WHIPLASH_CLIENT_ID,
        clientSecret: config.WHIPLASH_CLIENT_SECRET,
        whiplashCustomerId: customer.whiplashCustomerId,
        tokens: prismaTokenStore(prisma, customer.id, key),
        // Refresh tokens rotate: across processes (worker, each Settings request) one refresh per customer.
        refreshLease: { leases: prismaLeases(prisma) },
        ...options,
      });
      clients.set(customer.id, client);
    }
    return client;
  };
}
