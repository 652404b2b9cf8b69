import type { StoreSubgraph } from '../../lib/subgraph/index.js';
import { createClientsContext, type ClientsRequestContext } from './context.js';
import { resolvers } from './resolvers.js';

export { createClientStore, CLIENT_KINDS } from './clientStore.js';
export { clientChange, ClientInputError, newClient, overlapMs } from './clientRules.js';
export type { ApiClient, ApiKey, ClientKind, ClientStore, IssuedKey, NewClient } from './clientStore.js';
export { KEY_LOOKUP_SCOPE } from './resolvers.js';

/**
 * API clients and their keys in the `clients` schema, managed by staff in the graph
 * (`clients:admin`) or by `npm run client`; the gateway looks keys up here (docs/edge.md).
 */
export const clientsSubgraph: StoreSubgraph<ClientsRequestContext> = {
  name: 'clients',
  create: (db) => ({ name: 'clients', resolvers, context: () => createClientsContext(db) }),
};
export { documentHash, readDocumentManifest } from './manifest.js';
