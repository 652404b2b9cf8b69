import { describe, expect, it } from 'vitest';
import { IDENTITY_HEADER, SIGNATURE_HEADER, signCall, verifyCall } from './callSignature.js';
import { ANONYMOUS, identityOf } from './Identity.js';

const key = 'k'.repeat(40);
const alice = identityOf('alice', ['merchandiser'], []);
const call = { audience: 'pricing', requestId: 'req-1', identity: alice, query: 'mutation { setPrice }', operationName: 'SetPrice', variables: { input: { a: 1, b: [1, 2] } } };
const bodyOf = (c: typeof call) => JSON.parse(JSON.stringify({ query: c.query, operationName: c.operationName, variables: c.variables }));
const options = { maxAgeMs: 30_000, audience: 'pricing' };

describe('signCall / verifyCall', () => {
  it('returns the identity the gateway signed', () => {
    expect(verifyCall(key, signCall(key, call), 'req-1', bodyOf(call), options)).toMatchObject({ identity: alice, nonce: expect.any(String) });
  });

  it('round-trips an anonymous caller', () => {
    const anonymous = { ...call, identity: ANONYMOUS };
    expect(verifyCall(key, signCall(key, anonymous), 'req-1', bodyOf(anonymous), options).identity).toEqual(ANONYMOUS);
  });

  it('round-trips the API client beside the caller, anonymous or not, and grants it nothing', () => {
    const viaApp = { ...call, identity: { ...ANONYMOUS, client: 'storefront-web' } };
    const verified = verifyCall(key, signCall(key, viaApp), 'req-1', bodyOf(viaApp), options).identity;
    expect(verified).toEqual({ subject: undefined, roles: [], scopes: [], client: 'storefront-web' });
    const aliceViaApp = { ...call, identity: { ...alice, client: 'storefront-web' } };
    expect(verifyCall(key, signCall(key, aliceViaApp), 'req-1', bodyOf(aliceViaApp), options).identity).toEqual({ ...alice, client: 'storefront-web' });
  });

  it.each([
    ['a missing signature', () => ({}), 'req-1', bodyOf(call)],
    ['another key', () => signCall('x'.repeat(40), call), 'req-1', bodyOf(call)],
    ['another request id', () => signCall(key, call), 'req-2', bodyOf(call)],
    ['changed variables', () => signCall(key, call), 'req-1', { ...bodyOf(call), variables: { input: { a: 2, b: [1, 2] } } }],
    ['a changed query', () => signCall(key, call), 'req-1', { ...bodyOf(call), query: 'mutation { adjustStock }' }],
    ['a stale timestamp', () => signCall(key, call, Date.now() - 31_000), 'req-1', bodyOf(call)],
    ['a timestamp from the future', () => signCall(key, call, Date.now() + 31_000), 'req-1', bodyOf(call)],
    ['a swapped identity', () => ({ ...signCall(key, call), [IDENTITY_HEADER]: signCall(key, { ...call, identity: identityOf('root', ['admin'], []) })[IDENTITY_HEADER]! }), 'req-1', bodyOf(call)],
    ['a truncated signature', () => ({ ...signCall(key, call), [SIGNATURE_HEADER]: signCall(key, call)[SIGNATURE_HEADER]!.slice(0, -2) }), 'req-1', bodyOf(call)],
    ['a batch body', () => signCall(key, call), 'req-1', [bodyOf(call)]],
    ['a call signed for another subgraph (issue 15 item 6)', () => signCall(key, { ...call, audience: 'inventory' }), 'req-1', bodyOf(call)],
    ['a swapped nonce (issue 15 item 6)', () => {
      const headers = signCall(key, call);
      return { ...headers, [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER]!.replace(/n=[^,]+/, `n=${'A'.repeat(22)}`) };
    }, 'req-1', bodyOf(call)],
    ['a signature without a nonce (the old format)', () => {
      const headers = signCall(key, call);
      return { ...headers, [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER]!.replace(/n=[^,]+,/, '') };
    }, 'req-1', bodyOf(call)],
  ])('refuses %s with UNAUTHENTICATED', (_name, headers, requestId, body) => {
    expect(() => verifyCall(key, headers(), requestId as string, body, options)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }),
    );
  });

  it('gives every signed call its own nonce of 16 random bytes, across refills of the random block', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => verifyCall(key, signCall(key, call), 'req-1', bodyOf(call), options).nonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64url')).toHaveLength(16);
  });

  it('signs as it did before the key object, nonce block and identity header were kept (same headers for the same inputs)', () => {
    expect(signCall(key, call, 1_700_000_000_000, 'A'.repeat(22))).toEqual({
      [IDENTITY_HEADER]: 'eyJzdWJqZWN0IjoiYWxpY2UiLCJyb2xlcyI6WyJtZXJjaGFuZGlzZXIiXSwic2NvcGVzIjpbImludmVudG9yeTpyZWFkIiwicHJpY2luZzp3cml0ZSIsInNlYXJjaDphbmFseXRpY3MiXX0',
      [SIGNATURE_HEADER]: 't=1700000000000,n=AAAAAAAAAAAAAAAAAAAAAA,v1=kOQce60XUr5jZc-yXXzokJ-yVAlwe9tEVFEuFcUIaE0',
    });
  });

  it('signs an identity that is not frozen as it is at each call', () => {
    const mutable = { subject: 'bob', roles: [] as string[], scopes: [] as string[] };
    const before = signCall(key, { ...call, identity: mutable })[IDENTITY_HEADER];
    mutable.scopes.push('admin');
    const after = signCall(key, { ...call, identity: mutable });
    expect(after[IDENTITY_HEADER]).not.toBe(before);
    expect(verifyCall(key, after, 'req-1', bodyOf(call), options).identity.scopes).toEqual(['admin']);
  });
});
