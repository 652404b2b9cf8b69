import { SignJWT } from 'jose';

/** What {@link mintDevToken} puts in a token. */
export interface DevTokenOptions {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  /** @default 'dev-<role>' */
  readonly subject?: string;
  readonly roles?: readonly string[];
  readonly scopes?: readonly string[];
  /** Lifetime in seconds; negative mints an already expired token (tests). @default 8 hours */
  readonly expiresInSeconds?: number;
  /** Seconds from now before which the token is not valid. @default 0 */
  readonly notBeforeSeconds?: number;
}

/** An HS256 JWT for local development and tests, signed with the shared secret. */
export function mintDevToken(options: DevTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const roles = options.roles ?? [];
  const jwt = new SignJWT({ roles: [...roles], ...(options.scopes?.length ? { scope: options.scopes.join(' ') } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(options.subject ?? `dev-${roles[0] ?? 'user'}`)
    .setIssuedAt(now)
    .setNotBefore(now + (options.notBeforeSeconds ?? 0))
    .setExpirationTime(now + (options.expiresInSeconds ?? 8 * 3600));
  return jwt.sign(new TextEncoder().encode(options.secret));
}
