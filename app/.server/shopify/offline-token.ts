// Offline access tokens for background work (jobs, the shop writer), with expiring-token refresh.
//
// Expiring offline tokens live about an hour; @shopify/shopify-app-remix refreshes them inside
// unauthenticated.admin(shop) but without any lock, so two workers refreshing at once would race and
// one would store a token the other already replaced. Here a per-shop lease ("token-refresh:<shop>")
// makes exactly one process refresh; the others wait and re-read the stored session.
import { systemClock, type Clock } from "./clock";
import { PermanentError, RetriableError } from "./errors";

/** The cross-process lock this module needs; the app passes its database leases (db/leases.ts). */
export interface RefreshLeases {
  /** True when `owner` now holds `name` until now + ttlMs. */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

export interface OfflineSessionLike {
  accessToken?: string;
  expires?: Date | null;
}

export interface OfflineTokenDeps {
  /** The stored offline session of a shop (undefined when the app is not installed). */
  loadSession(shop: string): Promise<OfflineSessionLike | undefined>;
  /** Refreshes the shop's offline session and stores it; returns the new session. */
  refreshSession(shop: string): Promise<OfflineSessionLike>;
  leases: RefreshLeases;
  /** This process's lease owner id. */
  owner: string;
  clock?: Clock;
  /** Refresh when the token expires within this margin (the library uses 5 minutes). */
  refreshMarginMs?: number;
  leaseTtlMs?: number;
  /** How often a waiting process re-reads the session while another one refreshes. */
  pollMs?: number;
  /** Give up waiting for another process's refresh after this long (RetriableError). */
  maxWaitMs?: number;
}

export interface OfflineTokenProvider {
  get(shop: string): Promise<string>;
  /** Forget the cached token (after a 401: another process may have rotated it). */
  invalidate(shop: string): void;
}

export function createOfflineTokenProvider(deps: OfflineTokenDeps): OfflineTokenProvider {
  const clock = deps.clock ?? systemClock;
  const margin = deps.refreshMarginMs ?? 5 * 60_000;
  const leaseTtl = deps.leaseTtlMs ?? 30_000;
  const pollMs = deps.pollMs ?? 250;
  const maxWaitMs = deps.maxWaitMs ?? 30_000;
  const cache = new Map<string, { token: string; expires: number | null }>();
  const inProgress = new Map<string, Promise<string>>();

  const fresh = (s: OfflineSessionLike | undefined): s is OfflineSessionLike & { accessToken: string } =>
    Boolean(s?.accessToken) && (!s!.expires || s!.expires.getTime() - margin > clock.now());

  const remember = (shop: string, s: OfflineSessionLike & { accessToken: string }) => {
    cache.set(shop, { token: s.accessToken, expires: s.expires ? s.expires.getTime() : null });
    return s.accessToken;
  };

  async function load(shop: string): Promise<OfflineSessionLike | undefined> {
    const session = await deps.loadSession(shop);
    if (!session?.accessToken) {
      throw new PermanentError("NO_SESSION", `No offline session stored for ${shop}`, { shop });
    }
    return session;
  }

  async function obtain(shop: string): Promise<string> {
    let session = await load(shop);
    if (fresh(session)) return remember(shop, session);
    const lease = `token-refresh:${shop}`;
    const deadline = clock.now() + maxWaitMs;
    for (;;) {
      if (await deps.leases.acquire(lease, deps.owner, leaseTtl)) {
        try {
          // Someone may have refreshed between our read and our lease.
          session = await load(shop);
          if (fresh(session)) return remember(shop, session);
          const refreshed = await deps.refreshSession(shop);
          if (!refreshed.accessToken) throw new PermanentError("NO_SESSION", `Refresh returned no token for ${shop}`, { shop });
          return remember(shop, refreshed as OfflineSessionLike & { accessToken: string });
        } finally {
          await deps.leases.release(lease, deps.owner);
        }
      }
      await clock.sleep(pollMs);
      session = await load(shop);
      if (fresh(session)) return remember(shop, session);
      if (clock.now() >= deadline) {
        throw new RetriableError("TOKEN_REFRESH_BUSY", `Another process is still refreshing the token of ${shop}`, { shop });
      }
    }
  }

  return {
    async get(shop) {
      const cached = cache.get(shop);
      if (cached && (cached.expires === null || cached.expires - margin > clock.now())) return cached.token;
      // One refresh per shop inside this process too: concurrent callers share the same promise.
      let pending = inProgress.get(shop);
      if (!pending) {
        pending = obtain(shop).finally(() => inProgress.delete(shop));
        inProgress.set(shop, pending);
      }
      return pending;
    },
    invalidate(shop) {
      cache.delete(shop);
    },
  };
}
