import { identityOf } from '../../../lib/auth/index.js';
import type { SubgraphName } from '../../../lib/config/index.js';
import { createSubgraphClient, type StoreSubgraphServices, type SubgraphClient } from '../../../lib/subgraph/index.js';

/** Who the orders service is when it calls another subgraph: it alone holds `inventory:reserve`. */
export const ORDERS_SERVICE_IDENTITY = identityOf('service:orders', [], ['inventory:reserve']);

/**
 * One signed client per subgraph the orders service calls, made on first use (the embedded
 * stack knows the URLs only once every server listens).
 */
export function createServiceClients(services: StoreSubgraphServices, options: { readonly timeoutMs?: number } = {}) {
  const clients = new Map<SubgraphName, SubgraphClient>();
  return {
    of(name: SubgraphName): SubgraphClient {
      let client = clients.get(name);
      if (!client) {
        client = createSubgraphClient({
          name, url: services.subgraphUrl(name), signingKey: services.signingKey, identity: ORDERS_SERVICE_IDENTITY,
          timeoutMs: options.timeoutMs ?? 3_000,
        });
        clients.set(name, client);
      }
      return client;
    },
    async close() {
      await Promise.all([...clients.values()].map((c) => c.close()));
      clients.clear();
    },
  };
}

export type ServiceClients = ReturnType<typeof createServiceClients>;
