import { requireScope } from '../../lib/auth/index.js';
import { badUserInput } from '../../lib/errors/index.js';
import { assertText } from '../../lib/validation/index.js';
import { bookShipment, cancelShipment, type ShipmentRequest } from './bookShipment.js';
import type { ShippingContext } from './context.js';
import type { Resolvers, ShipmentInput } from './generated/types.js';
import { parseDestination, quoteCart, quoteProduct } from './quoteShipping.js';

/** The scope of the orders service's shipment commands (the mutations are `@inaccessible` in the gateway's API, so checked here). */
export const BOOK_SCOPE = 'shipping:book';
/** Staff with this scope read every order's shipment, as they read the orders. */
const ORDERS_READ_SCOPE = 'orders:read';

const KEY = /^[A-Za-z0-9:_-]{1,80}$/;

/** A shipment command's input, checked (BAD_USER_INPUT otherwise). */
function checkedShipment(input: ShipmentInput): ShipmentRequest {
  if (!KEY.test(input.idempotencyKey)) throw badUserInput('idempotencyKey must be 1 to 80 characters of [A-Za-z0-9:_-]', 'idempotencyKey');
  const r = input.recipient;
  const destination = parseDestination({ country: r.country, postalCode: r.postalCode });
  return {
    orderId: assertText(input.orderId, 'orderId', 80), customer: assertText(input.customer, 'customer', 200),
    idempotencyKey: input.idempotencyKey, option: assertText(input.option, 'option', 100),
    recipient: {
      name: assertText(r.name, 'recipient.name', 200), line1: assertText(r.line1, 'recipient.line1', 200),
      line2: r.line2 ? assertText(r.line2, 'recipient.line2', 200) : null, city: assertText(r.city, 'recipient.city', 200), ...destination,
    },
    items: input.items,
  };
}

/** What the commands need, for a caller holding {@link BOOK_SCOPE}. */
function commandDeps(ctx: ShippingContext) {
  requireScope(ctx.identity, BOOK_SCOPE);
  return { db: ctx.db, carriers: ctx.carriers, products: ctx.products, logger: ctx.logger };
}

export const resolvers: Resolvers = {
  Query: {
    shippingQuotes: (_root, { destination, items }, ctx) => quoteCart(ctx.quoter, ctx.products, { destination, items }),
  },
  Product: {
    __resolveReference: (representation) => representation,
    shippingEstimate: (product, { destination }, ctx) => quoteProduct(ctx.quoter, product, destination),
  },
  Order: {
    __resolveReference: (ref) => ({ id: ref.id }),
    // Only the order's customer (or staff) sees its shipment; the orders subgraph checks the
    // order itself, this checks again so the field never leaks on its own.
    shipment: async (order, _args, ctx) => {
      const shipment = await ctx.shipmentOfOrder.load(order.id);
      if (!shipment) return null;
      return ctx.identity.subject === shipment.customer || ctx.identity.scopes.includes(ORDERS_READ_SCOPE) ? shipment : null;
    },
  },
  Shipment: {
    trackingNumber: (s) => s.tracking_number,
    events: (s, _args, ctx) => ctx.trackingEvents.load(s.id),
    updatedAt: (s) => s.updated_at.toISOString(),
  },
  TrackingEvent: {
    status: (e) => e.status as never,
    at: (e) => e.occurred_at.toISOString(),
  },
  BookedShipment: {
    trackingNumber: (s) => s.tracking_number,
  },
  Mutation: {
    bookShipment: (_root, { input }, ctx) => bookShipment(commandDeps(ctx), checkedShipment(input)),
    cancelShipment: (_root, { input }, ctx) => cancelShipment(commandDeps(ctx), checkedShipment(input)),
  },
};
