import type { ProductCatalog } from '../ports.js';
import type { ServiceClients } from './serviceClients.js';

const PRODUCTS = /* GraphQL */ `query OrdersProductsExist($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Product { id } }
}`;

/** Which products exist, asked of catalog by an entity fetch (null for an unknown id). */
export function catalogProducts(clients: ServiceClients): ProductCatalog {
  return {
    async existing(productIds) {
      if (productIds.length === 0) return new Set();
      const representations = productIds.map((id) => ({ __typename: 'Product', id }));
      const data = await clients.of('catalog').request<{ _entities: ({ id: string } | null)[] }>(PRODUCTS, { representations }, { idempotent: true });
      return new Set(data._entities.filter((e): e is { id: string } => e !== null).map((e) => e.id));
    },
  };
}
