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
});
