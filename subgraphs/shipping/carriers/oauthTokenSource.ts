/** An access token and its lifetime, as a token endpoint returns it. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSec: number;
}

/** Options for {@link createOAuthTokenSource}. */
export interface OAuthTokenSourceOptions {
  /** Fetches a new token (the client-credentials grant). */
  readonly fetchToken: () => Promise<IssuedToken>;
  /** A token is refreshed this long before it expires, capped at 10% of its lifetime. @default 30000 */
  readonly refreshEarlyMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Bearer tokens shared by every call to one API, refreshed once when they expire. */
export interface OAuthTokenSource {
  /** The current token; when it is missing or expiring, one fetch is shared by every caller (single flight). */
  get(): Promise<string>;
  /**
   * Drops `token` after the API refused it (revoked, clock skew). Only the token the caller
   * used is dropped, so many callers refused at once cause one refresh, not one each.
   */
  invalidate(token: string): void;
}

export function createOAuthTokenSource(options: OAuthTokenSourceOptions): OAuthTokenSource {
  const now = options.now ?? Date.now;
  const early = options.refreshEarlyMs ?? 30_000;
  let current: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  const refresh = () => {
    inflight ??= options.fetchToken()
      .then(({ accessToken, expiresInSec }) => {
        const lifetimeMs = expiresInSec * 1000;
        current = { token: accessToken, refreshAt: now() + lifetimeMs - Math.min(early, lifetimeMs / 10) };
        return accessToken;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };

  return {
    get: () => (current && now() < current.refreshAt ? Promise.resolve(current.token) : refresh()),
    invalidate(token) {
      if (current?.token === token) current = undefined;
    },
  };
}
