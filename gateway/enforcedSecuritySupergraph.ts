import type { SupergraphManager } from '@apollo/gateway';
import { acceptEnforcedSecurityFeatures as acceptInSdl } from '../lib/supergraph/index.js';

/**
 * The supergraph as the ApolloGateway behind our authorizingGateway must see it: see
 * `acceptEnforcedSecurityFeatures` in lib/supergraph/enforcedSecurityLinks.ts, which rewrites
 * one SDL. A hot-reloading source is wrapped so that its initial and every updated SDL pass
 * through it too.
 */
export function acceptEnforcedSecurityInSupergraph<S extends string | SupergraphManager>(supergraph: S): S;
export function acceptEnforcedSecurityInSupergraph(supergraph: string | SupergraphManager): string | SupergraphManager {
  if (typeof supergraph === 'string') return acceptInSdl(supergraph);
  return {
    async initialize(hooks) {
      const result = await supergraph.initialize({ ...hooks, update: (sdl) => hooks.update(acceptInSdl(sdl)) });
      return { ...result, supergraphSdl: acceptInSdl(result.supergraphSdl) };
    },
  };
}
