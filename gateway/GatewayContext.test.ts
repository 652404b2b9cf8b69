import { describe, expect, it } from 'vitest';
import { createAuthenticator, mintDevToken } from '../lib/auth/index.js';
import { identityFromConnectionParams } from './GatewayContext.js';

const settings = { sharedSecret: 's'.repeat(40), jwksUrl: undefined, issuer: 'i', audience: 'a', clockToleranceSeconds: 0 };
const authenticator = createAuthenticator(settings);
const token = () => mintDevToken({ secret: settings.sharedSecret, issuer: 'i', audience: 'a', roles: ['warehouse'], subject: 'w1' });

describe('identityFromConnectionParams', () => {
  it('reads the token from an Authorization entry in any case, or from token', async () => {
    await expect(identityFromConnectionParams(authenticator, { authorization: `Bearer ${await token()}` })).resolves.toMatchObject({ subject: 'w1' });
    await expect(identityFromConnectionParams(authenticator, { Authorization: `Bearer ${await token()}` })).resolves.toMatchObject({ subject: 'w1' });
    await expect(identityFromConnectionParams(authenticator, { token: await token() })).resolves.toMatchObject({ subject: 'w1' });
  });

  it('is anonymous without a token and UNAUTHENTICATED with a bad one', async () => {
    await expect(identityFromConnectionParams(authenticator, undefined)).resolves.toMatchObject({ subject: undefined });
    await expect(identityFromConnectionParams(authenticator, { token: 'forged.token.here' })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it.each([
    ['a numeric token', { token: 42 }, undefined],
    ['an object token', { token: { sub: 'admin' } }, undefined],
    ['a numeric Authorization entry', { Authorization: 7 }, undefined],
    ['an array Authorization entry', { authorization: ['Bearer x'] }, undefined],
    ['Basic credentials on the upgrade', {}, 'Basic YWRtaW46YWRtaW4='],
    ['a forged Bearer token on the upgrade', {}, 'Bearer forged.token.here'],
    ['two Authorization headers on the upgrade', {}, ['Bearer a', 'Bearer b']],
  ] as const)('refuses %s with UNAUTHENTICATED, as HTTP does (issue 15 item 9)', async (_name, params, upgrade) => {
    await expect(identityFromConnectionParams(authenticator, params as Record<string, unknown>, upgrade as string | string[] | undefined))
      .rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('reads a valid Bearer token from the upgrade request when connection_init has none', async () => {
    await expect(identityFromConnectionParams(authenticator, {}, `Bearer ${await token()}`)).resolves.toMatchObject({ subject: 'w1' });
  });
});
