// The Whiplash client's token persistence, as an interface: the client never touches the database.
// The app's implementation stores them encrypted on the Customer row (wiring/whiplash-token-store.ts over db/whiplash-tokens.ts); tests
// can use memory.

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
