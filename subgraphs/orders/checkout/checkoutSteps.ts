import { cartStore } from '../cartStore.js';
import { orderStore, type OrderRow } from '../orderStore.js';
import type { PaymentAuthorizer, PaymentRequest, PriceList, ShipmentBooking, ShipmentRequest, ShippingRates, StockReservations } from '../ports.js';
import { StepFailure, type CheckoutStep } from './CheckoutStep.js';

/** Codes from other services that end the saga instead of being retried. */
const FINAL_CODES = new Set(['OUT_OF_STOCK', 'BAD_USER_INPUT', 'PRODUCT_NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED', 'SHIPPING_OPTION_UNAVAILABLE', 'SHIPMENT_CANCELLED']);

/** Rethrows a coded error from another service as a {@link StepFailure} when retrying cannot help. */
function finalOrRetry(error: unknown): never {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && FINAL_CODES.has(code)) throw new StepFailure(code, (error as Error).message);
  throw error;
}

export interface CheckoutPorts {
  readonly prices: PriceList;
  readonly shipping: ShippingRates;
  readonly stock: StockReservations;
  readonly payments: PaymentAuthorizer;
  readonly shipments: ShipmentBooking;
  /** How long reserved stock is held before inventory's sweeper releases it. @default 900 */
  readonly reservationTtlSeconds?: number;
}

interface Priced { readonly unitAmounts: Record<string, number>; readonly itemsAmount: number; readonly shippingAmount: number }

/** The order's payment as the price step priced it. */
const payment = (order: OrderRow, key: (step: string) => string, resultOf: <R>(step: string) => R | undefined): PaymentRequest => {
  const priced = resultOf<Priced>('price')!;
  return { orderId: order.id, customer: order.owner, key: key('authorize'), amount: { amount: priced.itemsAmount + priced.shippingAmount, currency: order.currency } };
};

/** The order's parcel, as shipping books it. */
const shipment = (order: OrderRow, lines: readonly { product_id: string; quantity: number }[], key: (step: string) => string): ShipmentRequest => ({
  orderId: order.id, customer: order.owner, key: key('ship'), option: order.shipping_option, recipient: order.shipping_address,
  items: lines.map((l) => ({ productId: l.product_id, quantity: l.quantity })),
});

/**
 * The checkout saga's steps, in order: price (lock unit prices and the shipping option's
 * price), reserve (all lines or none), authorize (payment, failing over between providers),
 * ship (book the label at the carrier; its tracking follows), confirm (commit the
 * reservation; the order PLACED and its event in one transaction). Compensation (a failed
 * checkout, or cancelOrder) undoes them in reverse: stock returned, label voided, payment
 * released, reservation released.
 */
export function checkoutSteps(ports: CheckoutPorts): readonly CheckoutStep[] {
  const price: CheckoutStep = {
    name: 'price',
    async run({ order, lines, signal }) {
      const ids = lines.map((l) => l.product_id);
      const [unit, shipping] = await Promise.all([
        ports.prices.unitPrices(ids, order.currency, signal).catch(finalOrRetry),
        ports.shipping.quote({
          country: order.shipping_address.country, postalCode: order.shipping_address.postalCode, option: order.shipping_option,
          items: lines.map((l) => ({ productId: l.product_id, quantity: l.quantity })),
        }, signal).catch(finalOrRetry),
      ]);
      const unpriced = ids.filter((id) => !unit.has(id));
      if (unpriced.length > 0) throw new StepFailure('PRICE_UNAVAILABLE', `No ${order.currency} price for ${unpriced.join(', ')}`);
      if (!shipping || shipping.currency !== order.currency) {
        throw new StepFailure('SHIPPING_OPTION_UNAVAILABLE', `No ${order.currency} quote for ${order.shipping_option} to ${order.shipping_address.country}`);
      }
      const itemsAmount = lines.reduce((sum, l) => sum + unit.get(l.product_id)! * l.quantity, 0);
      const result: Priced = { unitAmounts: Object.fromEntries(unit), itemsAmount, shippingAmount: shipping.amount };
      return {
        result,
        apply: (tx) => orderStore.setPrices(tx, order.id, { unitAmounts: unit, itemsAmount, shippingAmount: shipping.amount }),
      };
    },
  };

  const reserve: CheckoutStep = {
    name: 'reserve',
    async run({ order, lines, key, signal }) {
      await ports.stock.reserve({
        key: key('reserve'), country: order.shipping_address.country, ttlSeconds: ports.reservationTtlSeconds ?? 900,
        lines: lines.map((l) => ({ productId: l.product_id, quantity: l.quantity })),
      }, signal).catch(finalOrRetry);
      return {};
    },
    // Also when the reserve never answered: releasing an unknown key leaves a tombstone, so a late reserve holds nothing.
    compensate: ({ key, signal }) => ports.stock.release(key('reserve'), signal),
  };

  const authorize: CheckoutStep = {
    name: 'authorize',
    async run({ order, key, resultOf, signal }) {
      const outcome = await ports.payments.authorize({ ...payment(order, key, resultOf), paymentMethod: order.payment_method }, signal);
      if (outcome.outcome === 'declined') throw new StepFailure('PAYMENT_DECLINED', `Payment declined: ${outcome.reason}`);
      if (outcome.outcome === 'unavailable') throw new StepFailure('PAYMENT_UNAVAILABLE', `No payment provider could authorize: ${outcome.reason}`);
      return { result: outcome.authorization };
    },
    // Also when the authorize never answered: the release finds and voids what the key may hold, and refuses it from then on.
    compensate: ({ order, key, resultOf, signal }) => ports.payments.release(payment(order, key, resultOf), signal),
  };

  const ship: CheckoutStep = {
    name: 'ship',
    async run({ order, lines, key, signal }) {
      await ports.shipments.book(shipment(order, lines, key), signal).catch(finalOrRetry);
      return {};
    },
    // Also when the booking never answered: the cancel finds what the key holds at the carrier, voids it and refuses the key.
    compensate: ({ order, lines, key, signal }) => ports.shipments.cancel(shipment(order, lines, key), signal),
  };

  const confirm: CheckoutStep = {
    name: 'confirm',
    async run({ order, key, signal }) {
      await ports.stock.commit(key('reserve'), signal).catch((error: unknown) => {
        // Released or expired meanwhile: the stock may be sold to someone else.
        if ((error as { code?: unknown }).code === 'CONFLICT') throw new StepFailure('RESERVATION_EXPIRED', (error as Error).message);
        return finalOrRetry(error);
      });
      return {
        async apply(tx) {
          await orderStore.setStatus(tx, order.id, 'PLACED');
          await cartStore.setStatus(tx, order.cart_id, 'checked_out');
        },
      };
    },
    // Cancellation (or a confirm that committed before failing): the stock goes back on hand; a no-op if never committed.
    compensate: ({ key, signal }) => ports.stock.return(key('reserve'), signal),
  };

  return [price, reserve, authorize, ship, confirm];
}
