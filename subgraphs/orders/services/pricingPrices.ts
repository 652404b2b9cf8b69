import type { PriceList } from '../ports.js';
import type { ServiceClients } from './serviceClients.js';

const PRICES = /* GraphQL */ `query OrdersUnitPrices($representations: [_Any!]!, $currency: String!) {
  _entities(representations: $representations) { ... on Product { id price(currency: $currency) { amount currency } } }
}`;

/** Current unit prices (the sale price while a sale is on), asked of pricing by an entity fetch. */
export function pricingPrices(clients: ServiceClients): PriceList {
  return {
    async unitPrices(productIds, currency, signal) {
      const representations = productIds.map((id) => ({ __typename: 'Product', id }));
      const data = await clients.of('pricing').request<{ _entities: ({ id: string; price: { amount: number; currency: string } | null } | null)[] }>(
        PRICES, { representations, currency }, { idempotent: true, signal });
      const prices = new Map<string, number>();
      for (const entity of data._entities) if (entity?.price && entity.price.currency === currency) prices.set(entity.id, entity.price.amount);
      return prices;
    },
  };
}
