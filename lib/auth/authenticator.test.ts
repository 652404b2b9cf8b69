import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken, createAuthenticator } from './authenticator.js';
import { mintDevToken } from './devToken.js';

const issuer = 'https://id.example';
const audience = 'commerce';
const secret = 's'.repeat(40);

describe('createAuthenticator with a shared secret', () => {
  const auth = createAuthenticator({ sharedSecret: secret, jwksUrl: undefined, issuer, audience, clockToleranceSeconds: 0 });
  const mint = (o: Parameters<typeof mintDevToken>[0] extends infer T ? Partial<T> : never = {}) =>
    mintDevToken({ secret, issuer, audience, roles: ['merchandiser'], subject: 'alice', ...o });

  it('treats a missing token as anonymous', async () => {
    await expect(auth.authenticate(undefined)).resolves.toMatchObject({ subject: undefined, scopes: [] });
  });

  it('grants nothing for role names that are Object.prototype keys', async () => {
    const identity = await auth.authenticate(await mint({ roles: ['__proto__', 'constructor', 'toString', 'hasOwnProperty'] }));
    expect(identity).toEqual({ subject: 'alice', roles: ['__proto__', 'constructor', 'toString', 'hasOwnProperty'], scopes: [] });
  });

  it('maps roles to scopes and adds scopes the token carries', async () => {
    const identity = await auth.authenticate(await mint({ scopes: ['reports:read'] }));
    expect(identity).toEqual({ subject: 'alice', roles: ['merchandiser'], scopes: ['inventory:read', 'pricing:write', 'reports:read', 'search:analytics'] });
  });

  it.each([
    ['expired', { expiresInSeconds: -10 }, 'the token has expired'],
    ['not valid yet', { notBeforeSeconds: 60 }, 'the token is not valid yet'],
    ['for another audience', { audience: 'other' }, 'the token has the wrong audience'],
    ['from another issuer', { issuer: 'https://evil.example' }, 'the token has the wrong issuer'],
    ['signed with another secret', { secret: 'x'.repeat(40) }, 'the token signature is invalid'],
  ])('refuses a token %s with UNAUTHENTICATED and the reason', async (_name, overrides, reason) => {
    await expect(auth.authenticate(await mint(overrides))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason, http: { status: 401 } } });
  });
});

describe('createAuthenticator with a JWKS', () => {
  let server: Server;
  let keys: JWK[] = [];
  let fetches = 0;
  let jwksUrl: string;
  const pair = async (kid: string) => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  };
  const sign = (privateKey: CryptoKey, kid: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ roles: ['warehouse'], ...claims }).setProtectedHeader({ alg: 'ES256', kid }).setIssuer(issuer).setAudience(audience)
      .setSubject('bob').setExpirationTime('5m').sign(privateKey);

  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('verifies with the fetched keys, caches them, and picks up a rotated key', async () => {
    const first = await pair('k1');
    keys = [first.jwk];
    const auth = createAuthenticator({ jwksUrl, sharedSecret: undefined, issuer, audience, clockToleranceSeconds: 0 }, { jwksCooldownMs: 0 });
    await expect(auth.authenticate(await sign(first.privateKey, 'k1'))).resolves.toMatchObject({ subject: 'bob', scopes: ['inventory:read', 'inventory:write'] });
    await auth.authenticate(await sign(first.privateKey, 'k1'));
    expect(fetches).toBe(1);

    const second = await pair('k2');
    keys = [second.jwk];
    await expect(auth.authenticate(await sign(second.privateKey, 'k2'))).resolves.toMatchObject({ subject: 'bob' });
    expect(fetches).toBe(2);
  });

  it('refuses an HS256 token signed with a public key as the secret (algorithm confusion)', async () => {
    const key = await pair('k3');
    keys = [key.jwk];
    const auth = createAuthenticator({ jwksUrl, sharedSecret: undefined, issuer, audience, clockToleranceSeconds: 0 }, { jwksCooldownMs: 0 });
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: 'k3' }).setIssuer(issuer).setAudience(audience)
      .setSubject('eve').setExpirationTime('5m').sign(new TextEncoder().encode(JSON.stringify(key.jwk)));
    await expect(auth.authenticate(forged)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token whose key id the issuer does not publish', async () => {
    const unknown = await pair('gone');
    const auth = createAuthenticator({ jwksUrl, sharedSecret: undefined, issuer, audience, clockToleranceSeconds: 0 }, { jwksCooldownMs: 0 });
    await expect(auth.authenticate(await sign(unknown.privateKey, 'gone'))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED', reason: 'no key of the issuer matches the token' },
    });
  });
});

describe('bearerToken', () => {
  it('reads a Bearer token, treats no header as none and refuses other schemes', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken(undefined)).toBeUndefined();
    expect(() => bearerToken('Basic dXNlcjpwYXNz')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
  });
});
