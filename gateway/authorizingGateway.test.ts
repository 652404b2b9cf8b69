import { ApolloGateway } from '@apollo/gateway';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../lib/auth/index.js';
import { composeSupergraph, readSubgraphSources } from '../lib/schema/index.js';
import { fromRoot } from '../lib/paths.js';
import { authorizingGateway } from './authorizingGateway.js';
import { acceptEnforcedSecurityInSupergraph } from './enforcedSecuritySupergraph.js';

/** Our subgraphs with `createCart`'s `@authenticated` taken out: a mutation with no declared requirement, as other supergraphs have. */
function supergraphWithUndeclaredMutation(): string {
  const sources = readSubgraphSources(fromRoot('schema'), (name) => `http://127.0.0.1/${name}`)
    .map((s) => (s.name === 'orders' ? { ...s, sdl: s.sdl.replace(/(createCart\([^)]*\): Cart!) @authenticated/, '$1') } : s));
  const result = composeSupergraph(sources);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  expect(result.supergraphSdl).toMatch(/createCart\([^)]*\): Cart! @join__field\(graph: ORDERS\)\n/);
  return result.supergraphSdl;
}

async function codesFor(mutationsNeedCaller: boolean): Promise<string[]> {
  const gateway = authorizingGateway(new ApolloGateway({ supergraphSdl: acceptEnforcedSecurityInSupergraph(supergraphWithUndeclaredMutation()) }), { protectMutations: mutationsNeedCaller });
  await gateway.load();
  try {
    const result = gateway.authorizer().authorize(parse('mutation { createCart { id } addCartLine(cartId: "c", productId: "p-1", quantity: 1) { id } }'), undefined, ANONYMOUS);
    return result.errors.map((e) => `${e.extensions.code} ${e.path?.join('.')}`);
  } finally {
    await gateway.stop();
  }
}

describe('authorizingGateway: AUTH_MUTATIONS_NEED_CALLER', () => {
  it('on (our policy): a mutation without a declared requirement needs a caller', async () => {
    expect(await codesFor(true)).toEqual(['UNAUTHENTICATED createCart', 'UNAUTHENTICATED addCartLine']);
  });

  it('off (someone else\'s supergraph): only the directives in the supergraph apply', async () => {
    expect(await codesFor(false)).toEqual(['UNAUTHENTICATED addCartLine']);
  });
});

describe('authorizingGateway: @anonymousAllowed', () => {
  it('lets an anonymous caller through to a mutation marked @anonymousAllowed, and only that one', async () => {
    const gateway = authorizingGateway(new ApolloGateway({ supergraphSdl: acceptEnforcedSecurityInSupergraph(supergraphWithUndeclaredMutation()) }), { protectMutations: true });
    await gateway.load();
    try {
      const result = gateway.authorizer().authorize(
        parse('mutation { recordSearchClick(queryId: "q", productId: "p-1", position: 1) { firstClick } createCart { id } }'), undefined, ANONYMOUS);
      expect(result.errors.map((e) => `${e.extensions.code} ${e.path?.join('.')}`)).toEqual(['UNAUTHENTICATED createCart']);
    } finally {
      await gateway.stop();
    }
  });
});
