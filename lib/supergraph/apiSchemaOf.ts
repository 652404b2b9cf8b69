import { printSchema, Supergraph } from '@apollo/federation-internals';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { acceptEnforcedSecurityFeatures } from './enforcedSecurityLinks.js';

/**
 * The API schema of a supergraph: what clients see (no join/link machinery, no
 * @inaccessible elements), as @apollo/gateway builds it. Throws when the SDL is not a
 * valid supergraph. Rebuilt from its SDL so that it belongs to this module's `graphql`
 * (the CommonJS and ESM builds of graphql-js do not mix).
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return buildSchema(printSchema(Supergraph.build(acceptEnforcedSecurityFeatures(supergraphSdl)).apiSchema()));
}
