import type { GraphQLError } from 'graphql';
import type { Identity } from '../../lib/auth/index.js';
import { ErrorCode, userError } from '../../lib/errors/index.js';
import type { CloudEvent, EventType, Events, PriceState, StockState } from '../../lib/events/index.js';
import { assertProductId, isUuid } from '../../lib/validation/index.js';

/** Staff with this scope follow any order (customer service), as they read any. */
const ORDERS_READ_SCOPE = 'orders:read';

type EventOf<T extends EventType> = CloudEvent<T, Events[T]>;

/** What a subscription field's arguments come to. */
export interface FieldArguments {
  readonly productIds?: readonly string[];
  readonly warehouseId?: string | null;
  readonly orderId?: string;
}

const productSubjects = (args: FieldArguments): string[] => {
  const ids = [...new Set(args.productIds ?? [])];
  for (const id of ids) assertProductId(id, 'productIds');
  return ids;
};

// A malformed id names no order of the caller's: the same answer as someone else's.
const orderSubjects = (args: FieldArguments): string[] => {
  if (!isUuid(args.orderId ?? '')) throw orderNotFound(args.orderId ?? '');
  return [args.orderId!.toLowerCase()];
};

/** Checked again per event: only the order's customer, or staff, ever get its changes. */
const customerOrStaff = (_args: FieldArguments, event: CloudEvent<EventType, any>, identity: Identity): boolean =>
  (event.data as { customer: string }).customer === identity.subject || identity.scopes.includes(ORDERS_READ_SCOPE);

/**
 * The subscription root fields the gateway serves, each fed by one event type, whose
 * `subject` is what a subscription names (`subjects`): products, or an order. The payload
 * holds the event's own fields; `entity` (`product` or `order`) is resolved through the
 * federated query plan as the subscriber. `visible` decides per event and subscriber.
 */
export const SUBSCRIPTION_FIELDS = {
  priceChanged: {
    eventType: 'commerce.pricing.price_changed.v1',
    entity: 'product',
    subjects: productSubjects,
    payload: (event: EventOf<'commerce.pricing.price_changed.v1'>) => {
      const { currency, before, after } = event.data;
      return { eventId: event.id, currency, before: priceSnapshot(before, currency), after: priceSnapshot(after, currency), changedAt: event.time };
    },
    visible: () => true,
  },
  stockChanged: {
    eventType: 'commerce.inventory.stock_changed.v1',
    entity: 'product',
    subjects: productSubjects,
    payload: (event: EventOf<'commerce.inventory.stock_changed.v1'>) => {
      const { warehouseId, before, after } = event.data;
      return { eventId: event.id, warehouseId, before: stockSnapshot(before), after: stockSnapshot(after), changedAt: event.time };
    },
    visible: (args: FieldArguments, event: CloudEvent<EventType, any>) =>
      !args.warehouseId || (event.data as Events['commerce.inventory.stock_changed.v1']).warehouseId === args.warehouseId,
  },
  orderStatusChanged: {
    eventType: 'commerce.orders.order_status_changed.v1',
    entity: 'order',
    /** At subscribe time the subscriber must be able to read the order (else ORDER_NOT_FOUND, as for `order(id)`). */
    readableAtSubscribe: true,
    subjects: orderSubjects,
    payload: (event: EventOf<'commerce.orders.order_status_changed.v1'>) => {
      const { orderId, before, after, reason } = event.data;
      return { eventId: event.id, orderId, before, after, failureCode: reason, changedAt: event.time };
    },
    visible: customerOrStaff,
  },
  shipmentTracking: {
    eventType: 'commerce.shipping.shipment_status_changed.v1',
    entity: 'order',
    readableAtSubscribe: true,
    subjects: orderSubjects,
    payload: (event: EventOf<'commerce.shipping.shipment_status_changed.v1'>) => {
      const { orderId, carrier, trackingNumber, before, after, at } = event.data;
      return { eventId: event.id, orderId, carrier, trackingNumber, before, after, at };
    },
    visible: customerOrStaff,
  },
} as const;

export type SubscriptionField = keyof typeof SUBSCRIPTION_FIELDS;

export const orderNotFound = (orderId: string): GraphQLError =>
  userError(ErrorCode.ORDER_NOT_FOUND, `No order ${orderId} of yours`, { orderId });

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
