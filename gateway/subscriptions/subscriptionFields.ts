import type { CloudEvent, EventType, Events, PriceState, StockState } from '../../lib/events/index.js';

/**
 * The subscription root fields the gateway serves, each fed by one event type. The payload
 * holds the event's own fields; `product` is resolved through the federated query plan.
 */
export const SUBSCRIPTION_FIELDS = {
  priceChanged: {
    eventType: 'commerce.pricing.price_changed.v1',
    payload: (event: CloudEvent<'commerce.pricing.price_changed.v1', Events['commerce.pricing.price_changed.v1']>) => {
      const { currency, before, after } = event.data;
      return { eventId: event.id, currency, before: priceSnapshot(before, currency), after: priceSnapshot(after, currency), changedAt: event.time };
    },
    matches: () => true,
  },
  stockChanged: {
    eventType: 'commerce.inventory.stock_changed.v1',
    payload: (event: CloudEvent<'commerce.inventory.stock_changed.v1', Events['commerce.inventory.stock_changed.v1']>) => {
      const { warehouseId, before, after } = event.data;
      return { eventId: event.id, warehouseId, before: stockSnapshot(before), after: stockSnapshot(after), changedAt: event.time };
    },
    matches: (warehouseId: string | undefined, event: CloudEvent<EventType, any>) =>
      warehouseId === undefined || (event.data as Events['commerce.inventory.stock_changed.v1']).warehouseId === warehouseId,
  },
} as const;

export type SubscriptionField = keyof typeof SUBSCRIPTION_FIELDS;

const money = (amount: number, currency: string) => ({ amount, currency });

function priceSnapshot(state: PriceState | null, currency: string) {
  if (!state) return null;
  return {
    list: money(state.listAmount, currency),
    sale: state.saleAmount === null ? null : money(state.saleAmount, currency),
    saleValidFrom: state.saleValidFrom,
    saleValidTo: state.saleValidTo,
    version: state.version,
  };
}

function stockSnapshot(state: StockState | null) {
  if (!state) return null;
  return { onHand: state.onHand, reserved: state.reserved, available: state.onHand - state.reserved, version: state.version };
}
