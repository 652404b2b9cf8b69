import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader, tokenFor } from './helpers/auth.js';
import { waitFor } from './helpers/events.js';
import { gql } from './helpers/graphql.js';
import { deleteKeys, randomPrefix, testRedisUrl } from './helpers/redis.js';
import { startTestStack, type TestStack } from './helpers/stack.js';
import { subscribe, wsClient } from './helpers/subscriptions.js';
import { TRACKING_PATHS } from '../subgraphs/shipping/index.js';
import type { SimulatedCarrier } from '../subgraphs/shipping/simulator/carrierSimulator.js';
import { trackingPush, type TrackingEvent } from '../subgraphs/shipping/simulator/trackingPushes.js';

// Shipments end to end: checkout books the label at the carrier simulator, which pushes the
// parcel's tracking to the shipping subgraph signed its own way (late, twice, out of order when
// told to); Order.shipment and the shipmentTracking subscription show it through the gateway.

const ADDRESS = { name: 'Ada Lovelace', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };
const OPTIONS: Record<SimulatedCarrier, string> = { skyway: 'skyway:PRIORITY', parcelo: 'parcelo:parcelo_standard', freightly: 'freightly:road' };
const SHIPMENT = 'query ($id: ID!) { order(id: $id) { id status shipment { carrier service trackingNumber status events { status at location } } } }';
const JOURNEY = ['LABEL_CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'];

describe('shipments and carrier tracking through the gateway', { timeout: 90_000 }, () => {
  let stack: TestStack;
  const keyPrefix = randomPrefix();
  const as = (subject: string) => authHeader(stack, 'customer', { subject });
  const simulator = () => stack.carrierSimulator!;

  /** Places an order of one unit of `productId` shipped with `carrier`; resolves with its id once PLACED. */
  async function placeOrder(subject: string, productId: string, carrier: SimulatedCarrier): Promise<string> {
    await stack.db.query(`UPDATE inventory.stock SET on_hand = CASE WHEN warehouse_id = 'wh-berlin' THEN 10 ELSE 0 END, reserved = 0 WHERE product_id = $1`, [productId]);
    const headers = await as(subject);
    const cartId = (await gql(stack.url, 'mutation { createCart(currency: "EUR") { id } }', {}, headers)).body.data.createCart.id;
    await gql(stack.url, 'mutation ($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 1) { id } }', { c: cartId, p: productId }, headers);
    const res = await gql(stack.url, 'mutation ($input: CheckoutInput!) { checkout(input: $input) { id status failureCode } }', {
      input: { cartId, shippingAddress: ADDRESS, shippingOption: OPTIONS[carrier], paymentMethod: 'tok_ok', idempotencyKey: `k-${cartId}` },
    }, headers);
    const id = res.body.data.checkout.id as string;
    await waitFor(async () => (await gql(stack.url, SHIPMENT, { id }, headers)).body.data.order.status !== 'PENDING', 30_000, 'the order to settle');
    expect((await gql(stack.url, SHIPMENT, { id }, headers)).body.data.order.status).toBe('PLACED');
    return id;
  }

  const shipmentOf = async (orderId: string, subject: string) => (await gql(stack.url, SHIPMENT, { id: orderId }, await as(subject))).body.data.order.shipment;

  /** Posts a push to the shipping subgraph's tracking route as `carrier` would. */
  async function post(carrier: SimulatedCarrier, event: TrackingEvent, options: { sentAt?: Date; tamper?: (body: string) => string } = {}) {
    const push = await trackingPush(carrier, simulator().credentials as never, event, options.sentAt);
    const target = new URL(TRACKING_PATHS[carrier], stack.subgraphs.shipping.url);
    if (push.query) target.search = push.query;
    const res = await fetch(target, { method: 'POST', headers: push.headers, body: options.tamper ? options.tamper(push.body) : push.body });
    return { status: res.status, text: await res.text() };
  }

  beforeAll(async () => {
    stack = await startTestStack('pg', { products: 30, redisUrl: testRedisUrl(), keyPrefix });
  });
  afterAll(async () => {
    await stack?.close();
    await deleteKeys(testRedisUrl(), keyPrefix);
  });

  it('books the label at checkout and follows the carrier\'s pushes to DELIVERED, in the carrier\'s order, however they arrive', async () => {
    // Steps 60 ms apart, each push up to 400 ms late and every other one twice: they arrive out of order and repeated.
    simulator().setFaults('skyway', { trackingStepMs: 60, webhookJitterMs: 400, webhookDuplicateRate: 0.5, trackingExceptionRate: 0 });
    const orderId = await placeOrder('ada', 'p-1', 'skyway');
    await waitFor(async () => (await shipmentOf(orderId, 'ada'))?.status === 'DELIVERED', 20_000, 'DELIVERED');
    await simulator().shipments.drain();
    const shipment = await shipmentOf(orderId, 'ada');
    expect(shipment).toMatchObject({ carrier: 'skyway', service: 'PRIORITY', status: 'DELIVERED' });
    expect(simulator().shipments.shipment(shipment.trackingNumber)).toMatchObject({ reference: orderId, cancelled: false });
    // Each scan once, by the carrier's clock, whatever the order and number of arrivals.
    expect(shipment.events.map((e: { status: string }) => e.status)).toEqual(JOURNEY);
    const times = shipment.events.map((e: { at: string }) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(simulator().shipments.webhookStats().skyway.queued).toBeGreaterThan(JOURNEY.length - 1);
    // Nobody else sees it.
    expect((await gql(stack.url, SHIPMENT, { id: orderId }, await as('mallory'))).body.data.order).toBeNull();
    simulator().reset('skyway');
  });

  it('keeps DELIVERED when a late "in transit" arrives, drops duplicates, and refuses forged or stale pushes with 401 changing nothing', async () => {
    simulator().setFaults('freightly', { trackingStepMs: 0 });
    const orderId = await placeOrder('bob', 'p-2', 'freightly');
    const { trackingNumber } = await shipmentOf(orderId, 'bob');
    const at = (minutes: number) => new Date(Date.UTC(2026, 11, 4, 9, minutes));
    const scan = (eventId: string, status: TrackingEvent['status'], minutes: number): TrackingEvent => ({
      eventId, trackingNumber, status, occurredAt: at(minutes), location: { city: 'Hanover', country: 'DE' },
    });
    expect(await post('freightly', scan('f-1', 'PICKED_UP', 0))).toMatchObject({ status: 200 });
    expect(await post('freightly', scan('f-3', 'DELIVERED', 30))).toMatchObject({ status: 200 });
    // The in-transit scan from before delivery arrives last: history, not status.
    expect(await post('freightly', scan('f-2', 'IN_TRANSIT', 10))).toMatchObject({ status: 200, text: 'ok' });
    expect(await post('freightly', scan('f-3', 'DELIVERED', 30))).toMatchObject({ status: 200 });

    expect(await post('freightly', scan('f-4', 'EXCEPTION', 40), { sentAt: new Date(Date.now() - 10 * 60_000) })).toMatchObject({ status: 401, text: 'TIMESTAMP_OUT_OF_WINDOW' });
    expect(await post('freightly', scan('f-5', 'EXCEPTION', 41), { tamper: (body) => body.replace('Hanover', 'Hamburg') })).toMatchObject({ status: 401, text: 'SIGNATURE_INVALID' });
    const unsigned = await fetch(new URL(TRACKING_PATHS.freightly, stack.subgraphs.shipping.url), { method: 'POST', body: '{"events":[]}' });
    expect(unsigned.status).toBe(401);
    const parceloWithoutToken = await fetch(new URL(TRACKING_PATHS.parcelo, stack.subgraphs.shipping.url), { method: 'POST', body: '{}' });
    expect(parceloWithoutToken.status).toBe(401);

    const shipment = await shipmentOf(orderId, 'bob');
    expect(shipment.status).toBe('DELIVERED');
    expect(shipment.events.map((e: { status: string }) => e.status)).toEqual(['PICKED_UP', 'IN_TRANSIT', 'DELIVERED']);
    const stored = await stack.db.query<{ n: number }>("SELECT count(*)::int AS n FROM shipping.tracking_events WHERE carrier = 'freightly' AND carrier_event_id LIKE 'f-%'");
    expect(stored.rows[0]!.n).toBe(3);
    simulator().reset('freightly');
  });

  it('pushes an EXCEPTION scan on some journeys, which the next scan moves on from', async () => {
    // skyway's clock has milliseconds: each step has its own time.
    simulator().setFaults('skyway', { trackingStepMs: 40, webhookJitterMs: 0, webhookDuplicateRate: 0, trackingExceptionRate: 1 });
    const orderId = await placeOrder('finn', 'p-5', 'skyway');
    await waitFor(async () => (await shipmentOf(orderId, 'finn'))?.status === 'DELIVERED', 20_000, 'DELIVERED after the exception');
    const statuses = (await shipmentOf(orderId, 'finn')).events.map((e: { status: string }) => e.status);
    expect(statuses).toEqual(['LABEL_CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'EXCEPTION', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    simulator().reset('skyway');
  });

  it('answers 409 to a push for a label it has not recorded yet, so the carrier retries it', async () => {
    const res = await post('parcelo', { eventId: 'p-x', trackingNumber: 'PCL-not-yet', status: 'PICKED_UP', occurredAt: new Date(), location: { city: 'Berlin', country: 'DE' } });
    expect(res.status).toBe(409);
  });

  it('streams the status changes to the order\'s customer over shipmentTracking, and refuses anyone else', async () => {
    simulator().setFaults('parcelo', { trackingStepMs: 0, webhookJitterMs: 0, webhookDuplicateRate: 0 });
    const orderId = await placeOrder('cleo', 'p-3', 'parcelo');
    const { trackingNumber } = await shipmentOf(orderId, 'cleo');
    const FOLLOW = 'subscription ($id: ID!) { shipmentTracking(orderId: $id) { orderId carrier trackingNumber before after order { id status } } }';
    const owner = wsClient(stack.url, { connectionParams: { token: await tokenFor(stack, 'customer', { subject: 'cleo' }) } });
    const stranger = wsClient(stack.url, { connectionParams: { token: await tokenFor(stack, 'customer', { subject: 'mallory' }) } });
    try {
      const mine = subscribe(owner, FOLLOW, { id: orderId });
      const theirs = subscribe(stranger, FOLLOW, { id: orderId });
      await theirs.ended();
      expect(theirs.error?.[0]?.extensions?.code).toBe('ORDER_NOT_FOUND');
      await new Promise((resolve) => setTimeout(resolve, 300));
      // One at a time: two pushes in flight at once may land in either order.
      await simulator().shipments.pushTracking(trackingNumber, 'PICKED_UP');
      await waitFor(() => mine.results.some((r) => r.data?.shipmentTracking.after === 'PICKED_UP'), 15_000, 'PICKED_UP over the subscription');
      await simulator().shipments.pushTracking(trackingNumber, 'IN_TRANSIT');
      await waitFor(() => mine.results.some((r) => r.data?.shipmentTracking.after === 'IN_TRANSIT'), 15_000, 'IN_TRANSIT over the subscription');
      const changes = mine.results.map((r) => r.data.shipmentTracking);
      expect(changes).toContainEqual({ orderId, carrier: 'parcelo', trackingNumber, before: 'LABEL_CREATED', after: 'PICKED_UP', order: { id: orderId, status: 'PLACED' } });
      expect(changes).toContainEqual(expect.objectContaining({ before: 'PICKED_UP', after: 'IN_TRANSIT' }));
    } finally {
      await owner.dispose();
      await stranger.dispose();
    }
    simulator().reset('parcelo');
  });

  it('voids the label when the order is cancelled before pickup', async () => {
    simulator().setFaults('skyway', { trackingStepMs: 0 });
    const orderId = await placeOrder('dora', 'p-4', 'skyway');
    const { trackingNumber } = await shipmentOf(orderId, 'dora');
    const res = await gql(stack.url, 'mutation ($id: ID!) { cancelOrder(id: $id) { id status } }', { id: orderId }, await as('dora'));
    expect(res.body.errors).toBeUndefined();
    await waitFor(async () => (await shipmentOf(orderId, 'dora'))?.status === 'CANCELLED', 15_000, 'the shipment CANCELLED');
    expect(simulator().shipments.shipment(trackingNumber)?.cancelled).toBe(true);
    simulator().reset('skyway');
  });

  it('keeps the shipment commands to the orders service: a customer cannot book a label through the gateway', async () => {
    const res = await gql(stack.url, 'mutation { bookShipment(input: { orderId: "x" }) { trackingNumber } }', {}, await as('eve'));
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
