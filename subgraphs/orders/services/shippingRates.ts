import type { ShippingRates } from '../ports.js';
import type { ServiceClients } from './serviceClients.js';

const QUOTES = /* GraphQL */ `query OrdersShippingQuotes($destination: DestinationInput!, $items: [ShippingItemInput!]!) {
  shippingQuotes(destination: $destination, items: $items) { quotes { carrier service amount { amount currency } } }
}`;

/** The price of one shipping option (`carrier:service`), asked of the shipping subgraph. */
export function shippingRates(clients: ServiceClients): ShippingRates {
  return {
    async quote({ country, postalCode, items, option }, signal) {
      const data = await clients.of('shipping').request<{ shippingQuotes: { quotes: { carrier: string; service: string; amount: { amount: number; currency: string } }[] } }>(
        QUOTES, { destination: { country, postalCode }, items }, { idempotent: true, signal });
      return data.shippingQuotes.quotes.find((q) => `${q.carrier}:${q.service}` === option)?.amount;
    },
  };
}
