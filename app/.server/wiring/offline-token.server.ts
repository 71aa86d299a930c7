// The app's offline-token provider (shopify/offline-token.ts), wired to the app: sessions from the
// Prisma session storage, refresh through unauthenticated.admin(shop) (which refreshes and stores an
// expiring token), and the database leases so exactly one process refreshes a shop's token.
import { createOfflineTokenProvider, type OfflineTokenProvider } from "../shopify/offline-token";
import { PermanentError } from "../shopify/errors";

let defaultProvider: Promise<OfflineTokenProvider> | undefined;

/** Imported lazily so modules that only need the client do not boot the Shopify app config. */
async function appProvider(): Promise<OfflineTokenProvider> {
  const [{ sessionStorage, unauthenticated }, { default: prisma }, { prismaLeases, newLeaseOwner }, { SessionNotFoundError }] =
    await Promise.all([
      import("../../shopify.server"),
      import("../../db.server"),
      import("../db/leases"),
      import("@shopify/shopify-app-remix/server"),
    ]);
  return createOfflineTokenProvider({
    loadSession: (shop) => sessionStorage.loadSession(`offline_${shop}`),
    refreshSession: async (shop) => {
      try {
        return (await unauthenticated.admin(shop)).session;
      } catch (error) {
        if (error instanceof SessionNotFoundError) throw new PermanentError("NO_SESSION", error.message, { shop });
        throw error;
      }
    },
    leases: prismaLeases(prisma),
    owner: newLeaseOwner("token-refresh"),
  });
}

/** The shop's offline access token, refreshed (by exactly one process) when it is about to expire. */
export async function getOfflineAccessToken(shop: string): Promise<string> {
  defaultProvider ??= appProvider();
  return (await defaultProvider).get(shop);
}

/** After a 401: drop this process's cached token so the next call re-reads the stored session. */
export async function invalidateOfflineAccessToken(shop: string): Promise<void> {
  if (defaultProvider) (await defaultProvider).invalidate(shop);
}
