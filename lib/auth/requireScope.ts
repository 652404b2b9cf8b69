import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/index.js';
import { isAuthenticated, type Identity } from './Identity.js';

/**
 * Checks a scope inside a subgraph, for fields another service calls directly (not through
 * the gateway, which enforces `@requiresScopes` itself): UNAUTHENTICATED for an anonymous
 * caller, FORBIDDEN for one without `scope`.
 */
export function requireScope(identity: Identity, scope: string): void {
  if (!isAuthenticated(identity)) {
    throw new GraphQLError(`This field requires an authenticated caller with scope ${scope}`, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
  }
  if (!identity.scopes.includes(scope)) {
    throw new GraphQLError(`This field requires scope ${scope}`, { extensions: { code: ErrorCode.FORBIDDEN, requiredScopes: [[scope]] } });
  }
}
