import { signedRequestHeaders } from '../../lib/auth/index.js';
import { userError, ErrorCode } from '../../lib/errors/index.js';
import { createHttpUpstream, type HttpUpstream } from '../../lib/resilience/index.js';
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
 * as the gateway's planner would make), through a pooled undici client with a timeout,
 * retries and a breaker. A catalog failure is SUBGRAPH_UNAVAILABLE.
 */
export function createCatalogProductSource(catalogUrl: string, options: { signingKey: string; timeoutMs?: number }): ProductSource {
  const url = new URL(catalogUrl);
  const http: HttpUpstream = createHttpUpstream({
    name: 'catalog', baseUrl: url.origin, callTimeoutMs: options.timeoutMs ?? 1_000, retries: 1, breakerHalfOpenMs: 1_000,
  });
  return {
    async load(ids) {
      if (ids.length === 0) return [];
      const variables = { representations: ids.map((id) => ({ __typename: 'Product', id })) };
      let body: { data?: { _entities?: (ShippableProduct | null)[] }; errors?: { message: string }[] };
      try {
        ({ body } = await http.request({
          method: 'POST',
          path: url.pathname,
          // Catalog accepts only signed calls; shipping signs with the key it shares with the gateway.
          headers: { 'content-type': 'application/json', ...signedRequestHeaders(options.signingKey, { audience: 'catalog', query: ENTITIES, variables }) },
          body: JSON.stringify({ query: ENTITIES, variables }),
          idempotent: true,
        }));
      } catch (error) {
        throw userError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The catalog could not be reached to weigh the items', { serviceName: 'catalog', reason: (error as { code?: string }).code });
      }
      const entities = body.data?._entities;
      if (!Array.isArray(entities) || entities.length !== ids.length) {
        throw userError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The catalog answered without the products', { serviceName: 'catalog' });
      }
      return entities.map((e) => e ?? undefined);
    },
    close: () => http.close(),
  };
}
