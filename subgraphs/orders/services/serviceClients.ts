import { identityOf } from '../../../lib/auth/index.js';
import type { SubgraphName } from '../../../lib/config/index.js';
import { createSubgraphClient, type StoreSubgraphServices, type SubgraphClient } from '../../../lib/subgraph/index.js';

/** Who the orders service is when it calls another subgraph: it alone holds `inventory:reserve`, `payments:authorize` and `shipping:book`. */
export const ORDERS_SERVICE_IDENTITY = identityOf('service:orders', [], ['inventory:reserve', 'payments:authorize', 'shipping:book']);

/**
 * One signed client per subgraph the orders service calls, made on first use (the embedded
 * stack knows the URLs only once every server listens).
 */
export function createServiceClients(services: StoreSubgraphServices, options: {
  /** One call's timeout. @default 3000 */
  readonly timeoutMs?: number;
  /** Per subgraph, where one call does more (payments fails over between providers). */
  readonly timeoutsMs?: Partial<Record<SubgraphName, number>>;
} = {}) {
  const clients = new Map<SubgraphName, SubgraphClient>();
  return {
    of(name: SubgraphName): SubgraphClient {
      let client = clients.get(name);
      if (!client) {
        client = createSubgraphClient({
          name, url: services.subgraphUrls(name), signingKey: services.signingKey, identity: ORDERS_SERVICE_IDENTITY,
          timeoutMs: options.timeoutsMs?.[name] ?? options.timeoutMs ?? 3_000,
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
