import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config/index.js';
import { ErrorCode } from '../errors/index.js';
import { ANONYMOUS, identityOf, type Identity } from './Identity.js';

/** Turns a bearer token into an {@link Identity}; the same call serves HTTP and graphql-ws `connection_init`. */
export interface Authenticator {
  /**
   * No token (undefined or empty) is {@link ANONYMOUS}; any token that fails a check
   * (signature, `iss`, `aud`, `exp`, `nbf`, `sub`) rejects with an `UNAUTHENTICATED`
   * GraphQLError (HTTP 401) whose `extensions.reason` says which.
   */
  authenticate(token: string | undefined): Promise<Identity>;
}

/** Settings for {@link createAuthenticator}: JWKS when set (asymmetric keys), else the shared HS256 secret. */
export type AuthSettings = Pick<AuthConfig, 'jwksUrl' | 'sharedSecret' | 'issuer' | 'audience' | 'clockToleranceSeconds'>;

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Verifies JWTs with jose. A JWKS is fetched on first use, cached, and re-fetched when a
 * token names a key id it does not know (key rotation), at most every `jwksCooldownMs` (default 30 s).
 */
export function createAuthenticator(settings: AuthSettings, options: { jwksCooldownMs?: number } = {}): Authenticator {
  let key: JWTVerifyGetKey | Uint8Array;
  let algorithms: string[];
  if (settings.jwksUrl) {
    key = createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: options.jwksCooldownMs ?? 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
    algorithms = ASYMMETRIC;
  } else if (settings.sharedSecret) {
    key = new TextEncoder().encode(settings.sharedSecret);
    algorithms = ['HS256'];
  } else {
    throw new Error('createAuthenticator needs a JWKS URL or a shared secret');
  }
  const verify = (token: string) => (typeof key === 'function' ? jwtVerify(token, key, checks) : jwtVerify(token, key, checks));
  const checks = { issuer: settings.issuer, audience: settings.audience, algorithms, clockTolerance: settings.clockToleranceSeconds, requiredClaims: ['exp', 'sub'] };

  return {
    async authenticate(token) {
      if (token === undefined || token === '') return ANONYMOUS;
      let payload: JWTPayload;
      try {
        ({ payload } = await verify(token));
      } catch (error) {
        throw unauthenticated(reasonOf(error));
      }
      return identityOf(payload.sub!, stringList(payload.roles ?? payload.role), scopesOf(payload));
    },
  };
}

/** The token in an `Authorization: Bearer <token>` header; another scheme is `UNAUTHENTICATED`. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('the Authorization header must be "Bearer <token>"');
  return match[1];
}

/** `UNAUTHENTICATED` with HTTP status 401. */
export const unauthenticated = (reason: string) =>
  new GraphQLError(`Not authenticated: ${reason}`, { extensions: { code: ErrorCode.UNAUTHENTICATED, reason, http: { status: 401 } } });

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'the token is not valid yet';
    if (error.claim === 'iss') return 'the token has the wrong issuer';
    if (error.claim === 'aud') return 'the token has the wrong audience';
    return `the token's "${error.claim}" claim is missing or invalid`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the issuer matches the token';
  if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) return 'the token could not be verified';
  return 'the token is malformed';
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** OAuth 2 `scope` (space-separated) or `scp` (array). */
const scopesOf = (payload: JWTPayload): string[] => [...stringList(payload.scope), ...stringList(payload.scp)];
