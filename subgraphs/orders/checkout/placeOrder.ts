import { randomUUID } from 'node:crypto';
import type { Identity } from '../../../lib/auth/index.js';
import type { Db } from '../../../lib/db/index.js';
import { badUserInput, ErrorCode, userError } from '../../../lib/errors/index.js';
import { assertCountryCode, assertPostalCode, isUuid } from '../../../lib/validation/index.js';
import { ownerOf } from '../access.js';
import { cartNotFound } from '../carts.js';
import { cartStore } from '../cartStore.js';
import { orderStore, type OrderRow, type ShippingAddressValue } from '../orderStore.js';
import type { CheckoutSaga } from './checkoutSaga.js';
import { sagaStore } from './sagaStore.js';

/** `checkout(input:)` as the schema takes it. */
export interface CheckoutRequest {
  readonly cartId: string;
  readonly shippingAddress: { readonly name: string; readonly line1: string; readonly line2?: string | null; readonly city: string; readonly postalCode: string; readonly country: string };
  readonly shippingOption: string;
  readonly paymentMethod: string;
  readonly idempotencyKey: string;
}

const KEY = /^[A-Za-z0-9:_-]{1,80}$/;
const OPTION = /^[a-z0-9-]{1,40}:[A-Za-z0-9_-]{1,40}$/;
const TOKEN = /^tok_[A-Za-z0-9_]{1,60}$/;

function text(value: string | null | undefined, field: string, required = true): string | null {
  const trimmed = (value ?? '').trim();
  if (trimmed === '' && !required) return null;
  if (trimmed.length < 1 || trimmed.length > 200) throw badUserInput(`${field} must be 1 to 200 characters`, field);
  return trimmed;
}

function checkAddress(a: CheckoutRequest['shippingAddress']): ShippingAddressValue {
  const country = assertCountryCode(a.country, 'shippingAddress.country');
  return {
    name: text(a.name, 'shippingAddress.name')!, line1: text(a.line1, 'shippingAddress.line1')!, line2: text(a.line2, 'shippingAddress.line2', false),
    city: text(a.city, 'shippingAddress.city')!, country,
    postalCode: assertPostalCode(country, a.postalCode, 'shippingAddress.postalCode'),
  };
}

/**
 * Starts the checkout of a cart of the caller's, or answers with the order the same
 * idempotency key already started. In one transaction: the order (PENDING) with the cart's
 * lines, its saga, and the cart frozen; then the saga runs, and the order is answered as it
 * stands after `waitMs` (PLACED or FAILED, or PENDING when the saga outlives the request).
 * Bad input writes nothing.
 */
export async function placeOrder(db: Db, saga: CheckoutSaga, identity: Identity, request: CheckoutRequest, waitMs: number): Promise<OrderRow> {
  const owner = ownerOf(identity);
  if (!KEY.test(request.idempotencyKey)) throw badUserInput('idempotencyKey must be 1 to 80 characters of [A-Za-z0-9:_-]', 'idempotencyKey');
  if (!isUuid(request.cartId)) throw cartNotFound(request.cartId);
  const shippingAddress = checkAddress(request.shippingAddress);
  if (!OPTION.test(request.shippingOption)) throw badUserInput('shippingOption must be <carrier>:<service>, e.g. skyway:PRIORITY', 'shippingOption');
  if (!TOKEN.test(request.paymentMethod)) throw badUserInput('paymentMethod must be a card token (tok_…)', 'paymentMethod');

  const { order, created } = await db.transaction(async (tx) => {
    const cart = await cartStore.lock(tx, request.cartId);
    if (!cart || cart.owner !== owner) throw cartNotFound(request.cartId);
    // Under the cart's lock, so the same key sent twice at once makes one order.
    const existing = await orderStore.byOwnerKey(tx, owner, request.idempotencyKey);
    if (existing) {
      if (existing.cart_id !== cart.id) throw userError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for another cart', { field: 'idempotencyKey' });
      return { order: existing, created: false };
    }
    if (cart.status !== 'open') throw userError(ErrorCode.CART_NOT_OPEN, `Cart ${cart.id} is ${cart.status.replace('_', ' ')}`, { cartId: cart.id });
    const lines = await cartStore.linesOf(tx, [cart.id]);
    if (lines.length === 0) throw userError(ErrorCode.CART_EMPTY, `Cart ${cart.id} has no lines`, { cartId: cart.id });
    const id = randomUUID();
    await orderStore.insert(tx, {
      id, owner, cartId: cart.id, idempotencyKey: request.idempotencyKey, currency: cart.currency, shippingAddress,
      shippingOption: request.shippingOption, paymentMethod: request.paymentMethod,
      lines: lines.map((l) => ({ productId: l.product_id, quantity: l.quantity })),
    });
    await sagaStore.insert(tx, id, saga.stepNames[0]!, saga.leaseMs);
    await cartStore.setStatus(tx, cart.id, 'checking_out');
    return { order: (await orderStore.byIds(tx, [id]))[0]!, created: true };
  });
  if (created) void saga.start(order.id);
  if (order.status === 'PENDING') await saga.wait(order.id, waitMs);
  return (await orderStore.byIds(db, [order.id]))[0]!;
}
