// Whiplash tokens are stored encrypted (token-crypto.ts, bound to the row they belong to). This turns a
// store of encrypted strings (the database's, passed in) into the TokenStore the client uses, so that
// neither the client nor the database code handles both plaintext tokens and storage.
import { decryptSecret, encryptSecret } from "./token-crypto";
import type { TokenStore } from "./token-store";

export interface EncryptedTokens {
  accessTokenEnc: string;
  refreshTokenEnc: string | null;
  /** ms since epoch */
  expiresAt: number;
}

export interface EncryptedTokenRows {
  load(): Promise<EncryptedTokens | null>;
  save(tokens: EncryptedTokens): Promise<void>;
}

/** `context` binds the ciphertext to its owner (e.g. "customer:<id>"): a blob copied to another row fails. */
export function encryptedTokenStore(rows: EncryptedTokenRows, key: Buffer, context: string): TokenStore {
  return {
    async load() {
      const row = await rows.load();
      if (!row) return null;
      return {
        accessToken: decryptSecret(row.accessTokenEnc, key, context),
        refreshToken: row.refreshTokenEnc ? decryptSecret(row.refreshTokenEnc, key, context) : null,
        expiresAt: row.expiresAt,
      };
    },
    async save(tokens) {
      await rows.save({
        accessTokenEnc: encryptSecret(tokens.accessToken, key, context),
        refreshTokenEnc: tokens.refreshToken ? encryptSecret(tokens.refreshToken, key, context) : null,
        expiresAt: tokens.expiresAt,
      });
    },
  };
}
