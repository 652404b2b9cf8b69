import type { Db } from '../../lib/db/index.js';
import type { SubgraphCaller } from '../../lib/subgraph/index.js';
import { createClientStore } from './clientStore.js';

/** What the clients subgraph shares between requests: the store. */
export const createClientsContext = (db: Db) => ({ store: createClientStore(db) });

export type ClientsRequestContext = ReturnType<typeof createClientsContext>;
export type ClientsContext = ClientsRequestContext & SubgraphCaller;
