import type { ShipmentBooking, ShipmentRequest, ShippingRates } from '../ports.js';
import type { ServiceClients } from './serviceClients.js';

const QUOTES = /* GraphQL */ `query OrdersShippingQuotes($destination: DestinationInput!, $items: [ShippingItemInput!]!) {
  shippingQuotes(destination: $destination, items: $items) { quotes { carrier service amount { amount currency } } unavailableCarriers { carrier reason } }
}`;

interface Quotes {
  readonly quotes: readonly { carrier: string; service: string; amount: { amount: number; currency: string } }[];
  readonly unavailableCarriers: readonly { carrier: string; reason: string }[];
}

/**
 * The price of one shipping option (`carrier:service`), asked of the shipping subgraph.
 * Undefined when the carrier answered without that service or does not serve the
 * destination; when it could not answer (down, slow, rate-limiting) the error is retryable
 * (CARRIER_UNAVAILABLE).
 */
export function shippingRates(clients: ServiceClients): ShippingRates {
  return {
    async quote({ country, postalCode, items, option }, signal) {
      const { shippingQuotes } = await clients.of('shipping').request<{ shippingQuotes: Quotes }>(
        QUOTES, { destination: { country, postalCode }, items }, { idempotent: true, signal });
      const quote = shippingQuotes.quotes.find((q) => `${q.carrier}:${q.service}` === option);
      if (quote) return quote.amount;
      const down = shippingQuotes.unavailableCarriers.find((c) => c.carrier === option.split(':')[0]);
      if (down && down.reason !== 'DECLINED') throw Object.assign(new Error(`carrier ${down.carrier} gave no quote (${down.reason})`), { code: 'CARRIER_UNAVAILABLE' });
      return undefined;
    },
  };
}

const BOOK = /* GraphQL */ `mutation OrdersBookShipment($input: ShipmentInput!) { bookShipment(input: $input) { carrier trackingNumber } }`;
const CANCEL = /* GraphQL */ `mutation OrdersCancelShipment($input: ShipmentInput!) { cancelShipment(input: $input) }`;

const shipmentInput = ({ orderId, customer, key, option, recipient, items }: ShipmentRequest) => ({
  input: {
    orderId, customer, idempotencyKey: key, option, items,
    recipient: { name: recipient.name, line1: recipient.line1, line2: recipient.line2 ?? null, city: recipient.city, postalCode: recipient.postalCode, country: recipient.country },
  },
});

/** The shipping subgraph's label commands, called as the orders service; each idempotent by key, so a retry after a lost answer is safe. */
export function shipmentBooking(clients: ServiceClients): ShipmentBooking {
  return {
    async book(request, signal) {
      await clients.of('shipping').request(BOOK, shipmentInput(request), { idempotent: true, signal });
    },
    async cancel(request, signal) {
      await clients.of('shipping').request(CANCEL, shipmentInput(request), { idempotent: true, signal });
    },
  };
}
