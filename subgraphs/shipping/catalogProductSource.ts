import { userError, ErrorCode } from '../../lib/errors/index.js';
import { createSubgraphClient, type SubgraphCallError, type SubgraphClient } from '../../lib/subgraph/index.js';
import type { ShippableProduct } from './packParcel.js';

/** Where the shipping subgraph reads products' weight and dimensions. */
export interface ProductSource {
  /** The products in `ids` order; `undefined` for an id catalog does not know. One round trip per call. */
  load(ids: readonly string[]): Promise<(ShippableProduct | undefined)[]>;
  close(): Promise<void>;
}

const ENTITIES = /* GraphQL */ `query ShippableProducts($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Product { id weightGrams dimensions { lengthMm widthMm heightMm } } }
}`;

/**
 * Reads products from the catalog subgraph's `_entities` field over HTTP (an entity fetch,
 * as the gateway's planner would make), through the shared subgraph client (pooled undici,
 * timeout, retries, breaker). A catalog failure is SUBGRAPH_UNAVAILABLE.
 */
export function createCatalogProductSource(catalogUrl: string | readonly string[], options: { signingKey: string; timeoutMs?: number }): ProductSource {
  const catalog: SubgraphClient = createSubgraphClient({ name: 'catalog', url: catalogUrl, signingKey: options.signingKey, timeoutMs: options.timeoutMs ?? 1_000 });
  return {
    async load(ids) {
      if (ids.length === 0) return [];
      const variables = { representations: ids.map((id) => ({ __typename: 'Product', id })) };
      let entities: (ShippableProduct | null)[] | undefined;
      try {
        ({ _entities: entities } = await catalog.request<{ _entities?: (ShippableProduct | null)[] }>(ENTITIES, variables, { idempotent: true }));
      } catch (error) {
        throw userError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The catalog could not be reached to weigh the items', { serviceName: 'catalog', reason: (error as SubgraphCallError).details?.reason });
      }
      if (!Array.isArray(entities) || entities.length !== ids.length) {
        throw userError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The catalog answered without the products', { serviceName: 'catalog' });
      }
      return entities.map((e) => e ?? undefined);
    },
    close: () => catalog.close(),
  };
}
