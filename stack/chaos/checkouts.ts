import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { atFixedRate, postGraphQL, type RequestRecord } from './load.js';

/** One customer's checkout as the chaos load saw it, retried with its idempotency key until the order was final. */
export interface CheckoutRecord {
  readonly customer: string;
  readonly idempotencyKey: string;
  readonly start: number;
  end: number;
  /** Set once a checkout answered with the order. */
  orderId?: string;
  /** PLACED, FAILED or CANCELLED; undefined when it never became final within the deadline, or no cart could be made. */
  status?: string;
  failureCode?: string | null;
  /** Requests that failed on the way (a killed process, Redis away). */
  failedRequests: number;
}

const CREATE = 'mutation { createCart(currency: "EUR") { id } }';
const ADD = 'mutation ($cartId: ID!, $productId: ID!) { addCartLine(cartId: $cartId, productId: $productId, quantity: 1) { id } }';
const CHECKOUT = 'mutation ($input: CheckoutInput!) { checkout(input: $input) { id status failureCode } }';
const ORDER = 'query ($id: ID!) { order(id: $id) { id status failureCode } }';
const ADDRESS = { name: 'Chaos Buyer', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };
/** How long one customer keeps trying before its checkout counts as not done. */
const JOURNEY_DEADLINE_MS = 90_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Who buys what, through which gateways. */
export interface CheckoutOptions {
  readonly gateways: readonly (readonly [string, string])[];
  /** One token per customer; customer `i % length` makes checkout `i`. */
  readonly tokens: readonly { readonly subject: string; readonly token: string }[];
  readonly products: readonly string[];
}

/**
 * Customers buying through the gateways at a fixed rate while faults hit the stack (see
 * {@link checkoutJourney}).
 */
export function startCheckouts(options: CheckoutOptions & { readonly perSecond: number }) {
  const records: CheckoutRecord[] = [];
  const load = atFixedRate(options.perSecond, (i) => checkoutJourney(options, i, (record) => records.push(record)));
  return { records, stop: () => load.stop() };
}

/**
 * Checkout `i`: a cart with one product, checked out with a fresh idempotency key; as a
 * storefront would, every request that failed is retried (the checkout with the same key)
 * and a PENDING order polled until it is final. `started` gets the record at once.
 */
export async function checkoutJourney(options: CheckoutOptions, i: number, started: (record: CheckoutRecord) => void = () => undefined): Promise<CheckoutRecord> {
  const { subject, token } = options.tokens[i % options.tokens.length]!;
  const record: CheckoutRecord = { customer: subject, idempotencyKey: `chaos-${i}-${randomUUID()}`, start: Date.now(), end: 0, failedRequests: 0 };
  started(record);
  const deadline = record.start + JOURNEY_DEADLINE_MS;
  // Sends one operation (through the gateways in turn) until it answers without error.
  const send = async (kind: string, query: string, variables: Record<string, unknown> = {}): Promise<any> => {
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const [gateway, url] = options.gateways[(i + attempt) % options.gateways.length]!;
      const rec: RequestRecord = await postGraphQL(gateway, url, kind, { query, variables }, { deadlineMs: 15_000, token });
      if (rec.outcome === 'ok') return rec.data;
      record.failedRequests++;
      await sleep(Math.min(2_000, 200 * 2 ** attempt));
    }
    return undefined;
  };
  try {
    const cartId = (await send('createCart', CREATE))?.createCart.id as string | undefined;
    if (!cartId) return record;
    if (!(await send('addCartLine', ADD, { cartId, productId: options.products[i % options.products.length] }))) return record;
    let order = (await send('checkout', CHECKOUT, {
      input: { cartId, shippingAddress: ADDRESS, shippingOption: 'skyway:PRIORITY', paymentMethod: 'tok_ok', idempotencyKey: record.idempotencyKey },
    }))?.checkout as { id: string; status: string; failureCode: string | null } | undefined;
    while (order?.status === 'PENDING' && Date.now() < deadline) {
      record.orderId = order.id;
      await sleep(500);
      order = (await send('order', ORDER, { id: order.id }))?.order ?? order;
    }
    if (order) {
      record.orderId = order.id;
      if (order.status !== 'PENDING') record.status = order.status;
      record.failureCode = order.failureCode;
    }
  } finally {
    record.end = Date.now();
  }
  return record;
}

/**
 * Products the checkouts buy: priced in EUR, not watched (their stock moves with every
 * order), with stock enough that no checkout fails for want of it.
 */
export async function checkoutProducts(pool: pg.Pool, hot: readonly string[]): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT p.product_id AS id FROM pricing.prices p WHERE p.currency = 'EUR' AND NOT (p.product_id = ANY($1))
       AND EXISTS (SELECT 1 FROM inventory.stock s WHERE s.product_id = p.product_id) ORDER BY p.product_id DESC LIMIT 10`, [hot]);
  const ids = rows.map((r) => r.id);
  await pool.query('UPDATE inventory.stock SET on_hand = 100000 WHERE product_id = ANY($1)', [ids]);
  return ids;
}
