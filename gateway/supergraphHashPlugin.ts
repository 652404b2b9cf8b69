import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { schemaHash } from '../lib/supergraph/index.js';

/** The response header naming the supergraph a request ran on. */
export const SUPERGRAPH_HASH_HEADER = 'x-supergraph-hash';

/**
 * Sets `x-supergraph-hash` on every response to the hash of the supergraph the request
 * ran on (the one in use when it started, also across a hot reload).
 */
export const supergraphHashPlugin = (): ApolloServerPlugin<BaseContext> => {
  const hashes = new WeakMap<GraphQLSchema, string>();
  return {
    async serverWillStart() {
      return {
        schemaDidLoadOrUpdate({ apiSchema, coreSupergraphSdl }) {
          if (coreSupergraphSdl) hashes.set(apiSchema, schemaHash(coreSupergraphSdl));
        },
      };
    },
    async requestDidStart({ schema }) {
      const hash = hashes.get(schema);
      return {
        async willSendResponse({ response }) {
          if (hash) response.http.headers.set(SUPERGRAPH_HASH_HEADER, hash);
        },
      };
    },
  };
};
