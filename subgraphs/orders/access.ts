import type { Identity } from '../../lib/auth/index.js';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors/index.js';

/** Staff with this scope read every cart and order (customer service); customers only their own. */
export const ORDERS_READ_SCOPE = 'orders:read';

/** The caller's subject; schema/orders.graphql marks every field `@authenticated`, checked again here. */
export function ownerOf(identity: Identity): string {
  if (identity.subject === undefined) throw new GraphQLError('Carts and orders need a signed-in caller', { extensions: { code: ErrorCode.UNAUTHENTICATED } });
  return identity.subject;
}

/** Staff with this scope cancel any order; customers only their own. */
export const ORDERS_WRITE_SCOPE = 'orders:write';

/** True when `identity` may cancel an order of `owner`'s. */
export const mayCancel = (identity: Identity, owner: string): boolean =>
  identity.subject === owner || identity.scopes.includes(ORDERS_WRITE_SCOPE);

/** True when `identity` may read something `owner` owns. */
export const mayRead = (identity: Identity, owner: string): boolean =>
  identity.subject === owner || identity.scopes.includes(ORDERS_READ_SCOPE);
