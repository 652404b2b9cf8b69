import { Redis } from 'ioredis';
import type pg from 'pg';
import { entryJson, fieldsOf, streamOf } from '../../lib/events/index.js';
import type { CheckoutRecord } from './checkouts.js';
import type { InvariantResult } from './invariants.js';

/** What money and stock look like once the checkouts settled: the stores, the providers' own ledger, and the order_placed stream. */
export interface CheckoutEvidence {
  readonly stock: readonly { readonly productId: string; readonly warehouseId: string; readonly onHand: number; readonly reserved: number }[];
  /** Per reservation: its status and allocated units by product. */
  readonly reservations: readonly { readonly id: string; readonly status: string; readonly units: Readonly<Record<string, number>> }[];
  readonly orders: readonly { readonly id: string; readonly status: string; readonly failureCode: string | null; readonly lines: Readonly<Record<string, number>> }[];
  /** Sagas not `done`. */
  readonly liveSagas: readonly string[];
  /** Every attempt the simulated providers recorded: `key` is the idempotency key or merchant reference. */
  readonly ledger: readonly { readonly provider: string; readonly id: string; readonly key: string | null; readonly status: string }[];
  /** Every label the carriers booked (the carrier simulator's own record): `key` is the booking key. */
  readonly labels: readonly { readonly carrier: string; readonly trackingNumber: string; readonly key: string; readonly cancelled: boolean }[];
  /** order_placed events per order id: distinct CloudEvent ids. */
  readonly placedEvents: ReadonlyMap<string, number>;
  readonly checkouts: readonly CheckoutRecord[];
}

const MAX_LISTED = 20;
const result = (name: string, violations: string[], notes: string[]): InvariantResult => ({
  name, notes, violationCount: violations.length,
  violations: violations.length > MAX_LISTED ? [...violations.slice(0, MAX_LISTED), `… and ${violations.length - MAX_LISTED} more`] : violations,
});
const orderOfKey = (key: string | null, step: string) => (key?.endsWith(`:${step}`) ? key.slice(0, -step.length - 1) : undefined);
/** Attempts that hold (or may soon hold) the customer's money. */
const LIVE = new Set(['pending', 'authorized', 'captured']);

/** Stock never oversold: 0 ≤ reserved ≤ on hand on every stock row. */
export function checkStockBounds(e: CheckoutEvidence): InvariantResult {
  const bad = e.stock.filter((s) => s.reserved < 0 || s.onHand < 0 || s.reserved > s.onHand);
  return result('stock: 0 ≤ reserved ≤ on hand everywhere (nothing oversold)',
    bad.map((s) => `${s.productId}@${s.warehouseId}: on hand ${s.onHand}, reserved ${s.reserved}`), [`${e.stock.length} stock rows`]);
}

/** Held stock belongs to a saga still running, committed stock to a placed (or cancelled) order. */
export function checkReservationsOwned(e: CheckoutEvidence): InvariantResult {
  const orders = new Map(e.orders.map((o) => [o.id, o]));
  const live = new Set(e.liveSagas);
  const violations: string[] = [];
  for (const r of e.reservations) {
    const orderId = orderOfKey(r.id, 'reserve');
    if (!orderId) continue;
    const order = orders.get(orderId);
    if (r.status === 'held' && !live.has(orderId)) violations.push(`reservation ${r.id} still holds stock, its saga is over (order ${order?.status ?? 'unknown'})`);
    if (r.status === 'committed' && order?.status !== 'PLACED' && order?.status !== 'CANCELLED') violations.push(`reservation ${r.id} committed for an order ${order?.status ?? 'unknown'}`);
  }
  const held = e.reservations.filter((r) => r.status === 'held').length;
  return result('reservations: every held one belongs to a live saga, every committed one to a placed order', violations,
    [`${e.reservations.length} reservations (${held} held), ${e.liveSagas.length} sagas still running`]);
}

/** At the providers, every live authorization belongs to exactly one placed order; every placed order has exactly one. */
export function checkAuthorizations(e: CheckoutEvidence): InvariantResult {
  const status = new Map(e.orders.map((o) => [o.id, o.status]));
  const liveByOrder = new Map<string, string[]>();
  const violations: string[] = [];
  let voided = 0;
  for (const entry of e.ledger) {
    const orderId = orderOfKey(entry.key, 'authorize');
    if (entry.status === 'voided') voided++;
    if (!orderId || !LIVE.has(entry.status)) continue;
    liveByOrder.set(orderId, [...(liveByOrder.get(orderId) ?? []), `${entry.provider}:${entry.id}`]);
    if (status.get(orderId) !== 'PLACED') violations.push(`${entry.provider} holds ${entry.id} (${entry.status}) for order ${orderId}, which is ${status.get(orderId) ?? 'unknown'}`);
  }
  for (const [orderId, live] of liveByOrder) if (live.length > 1) violations.push(`order ${orderId} holds ${live.length} live authorizations: ${live.join(', ')} (charged twice)`);
  for (const o of e.orders) if (o.status === 'PLACED' && !liveByOrder.has(o.id)) violations.push(`placed order ${o.id} holds no authorization at any provider`);
  return result('payments: every authorization at a provider belongs to exactly one placed order or was voided', violations,
    [`${e.ledger.length} provider attempts, ${[...liveByOrder.values()].flat().length} live, ${voided} voided`]);
}

/** At the carriers, every placed order has exactly one live label; no other order holds one. */
export function checkLabels(e: CheckoutEvidence): InvariantResult {
  const status = new Map(e.orders.map((o) => [o.id, o.status]));
  const live = new Set(e.liveSagas);
  const liveByOrder = new Map<string, string[]>();
  const violations: string[] = [];
  for (const label of e.labels) {
    const orderId = orderOfKey(label.key, 'ship');
    if (!orderId || label.cancelled) continue;
    liveByOrder.set(orderId, [...(liveByOrder.get(orderId) ?? []), `${label.carrier}:${label.trackingNumber}`]);
    if (status.get(orderId) !== 'PLACED' && !live.has(orderId)) violations.push(`${label.carrier} label ${label.trackingNumber} is live for order ${orderId}, which is ${status.get(orderId) ?? 'unknown'}`);
  }
  for (const [orderId, labels] of liveByOrder) if (labels.length > 1) violations.push(`order ${orderId} holds ${labels.length} live labels: ${labels.join(', ')} (shipped twice)`);
  for (const o of e.orders) if (o.status === 'PLACED' && !liveByOrder.has(o.id)) violations.push(`placed order ${o.id} has no label at any carrier`);
  return result('shipments: every placed order has exactly one live label, no other order any', violations,
    [`${e.labels.length} labels booked, ${e.labels.filter((l) => l.cancelled).length} voided`]);
}

/** Every placed order has its stock decrement: a committed reservation of exactly its lines. */
export function checkPlacedOrdersComplete(e: CheckoutEvidence): InvariantResult {
  const reservations = new Map(e.reservations.map((r) => [r.id, r]));
  const violations: string[] = [];
  const placed = e.orders.filter((o) => o.status === 'PLACED');
  for (const o of placed) {
    const r = reservations.get(`${o.id}:reserve`);
    if (r?.status !== 'committed') violations.push(`placed order ${o.id}: reservation ${r?.status ?? 'missing'}`);
    else if (JSON.stringify(Object.entries(r.units).sort()) !== JSON.stringify(Object.entries(o.lines).sort())) {
      violations.push(`placed order ${o.id}: committed ${JSON.stringify(r.units)}, ordered ${JSON.stringify(o.lines)}`);
    }
  }
  return result('orders: every placed order has its stock decrement', violations, [`${placed.length} placed, ${e.orders.length - placed.length} other orders`]);
}

/** One order_placed event per placed order, none for any other. */
export function checkOnePlacedEvent(e: CheckoutEvidence): InvariantResult {
  const violations: string[] = [];
  for (const o of e.orders) {
    const n = e.placedEvents.get(o.id) ?? 0;
    if (o.status === 'PLACED' || o.status === 'CANCELLED' ? n !== 1 : n !== 0) violations.push(`order ${o.id} (${o.status}): ${n} order_placed events`);
  }
  return result('events: one order_placed event per placed order', violations, [`${[...e.placedEvents.values()].reduce((a, b) => a + b, 0)} order_placed events`]);
}

/**
 * Share of checkouts that could succeed (no business refusal) that did: ≥ 99.5 %. A checkout's
 * outcome is its order's status once everything settled (the customer may have stopped
 * waiting earlier); one that never got an order counts as not placed.
 */
export function checkCheckoutsSucceeded(e: CheckoutEvidence, atLeast = 0.995): InvariantResult {
  const business = new Set(['OUT_OF_STOCK', 'PAYMENT_DECLINED']);
  const orders = new Map(e.orders.map((o) => [o.id, o]));
  const outcomes = e.checkouts.map((c) => {
    const order = c.orderId ? orders.get(c.orderId) : undefined;
    return { c, status: order?.status ?? c.status, failureCode: order ? order.failureCode : c.failureCode };
  });
  const couldSucceed = outcomes.filter((o) => !(o.status === 'FAILED' && business.has(o.failureCode ?? '')));
  const placed = couldSucceed.filter((o) => o.status === 'PLACED' || o.status === 'CANCELLED');
  const share = couldSucceed.length === 0 ? 1 : placed.length / couldSucceed.length;
  const missed = couldSucceed.filter((o) => !placed.includes(o)).map(({ c, status, failureCode }) =>
    `${c.customer} ${c.idempotencyKey}: ${status ?? 'no order'}${failureCode ? ` ${failureCode}` : ''} (order ${c.orderId ?? 'none'}, ${c.failedRequests} failed requests)`);
  const retried = e.checkouts.filter((c) => c.failedRequests > 0).length;
  const late = outcomes.filter((o) => o.c.status === undefined && o.status === 'PLACED').length;
  return result(`checkouts: ≥ ${(atLeast * 100).toFixed(1)} % of those that could succeed did`, share >= atLeast ? [] : missed,
    [`${placed.length} of ${couldSucceed.length} placed (${(share * 100).toFixed(2)} %), ${e.checkouts.length - couldSucceed.length} refused for business reasons, ${retried} needed retries, ${late} placed after the customer stopped waiting`]);
}

export const CHECKOUT_INVARIANTS = [checkStockBounds, checkReservationsOwned, checkAuthorizations, checkLabels, checkPlacedOrdersComplete, checkOnePlacedEvent, checkCheckoutsSucceeded];

/** Gathers the evidence from PostgreSQL, the payment and carrier simulators' admin APIs and the order_placed stream (under `keyPrefix`). */
export async function readCheckoutEvidence(options: {
  readonly pool: pg.Pool; readonly paymentSimulatorUrl: string; readonly carrierSimulatorUrl: string; readonly redisUrl: string; readonly keyPrefix: string; readonly checkouts: readonly CheckoutRecord[];
}): Promise<CheckoutEvidence> {
  const { pool } = options;
  const stock = (await pool.query<{ productId: string; warehouseId: string; onHand: number; reserved: number }>(
    'SELECT product_id AS "productId", warehouse_id AS "warehouseId", on_hand AS "onHand", reserved FROM inventory.stock')).rows;
  const reservations = (await pool.query<{ id: string; status: string; units: Record<string, number> | null }>(
    `SELECT r.id, r.status, (SELECT json_object_agg(product_id, units) FROM (SELECT product_id, sum(quantity)::int AS units
       FROM inventory.reservation_allocations a WHERE a.reservation_id = r.id GROUP BY product_id) u) AS units FROM inventory.reservations r`)).rows
    .map((r) => ({ ...r, units: r.units ?? {} }));
  const orders = (await pool.query<{ id: string; status: string; failureCode: string | null; lines: Record<string, number> }>(
    `SELECT o.id::text AS id, o.status, o.failure_code AS "failureCode",
       (SELECT json_object_agg(product_id, quantity) FROM orders.order_lines l WHERE l.order_id = o.id) AS lines FROM orders.orders o`)).rows;
  const liveSagas = (await pool.query<{ id: string }>(`SELECT order_id::text AS id FROM orders.checkout_sagas WHERE state <> 'done'`)).rows.map((r) => r.id);
  const res = await fetch(`${options.paymentSimulatorUrl}/admin/ledger`);
  if (!res.ok) throw new Error(`payment simulator ledger: ${res.status}`);
  const { entries } = (await res.json()) as { entries: { provider: string; id: string; idempotencyKey: string | null; reference: string | null; status: string }[] };
  const ledger = entries.map((l) => ({ provider: l.provider, id: l.id, key: l.idempotencyKey ?? l.reference, status: l.status }));
  const booked = await fetch(`${options.carrierSimulatorUrl}/admin/shipments`);
  if (!booked.ok) throw new Error(`carrier simulator shipments: ${booked.status}`);
  const { shipments: labels } = (await booked.json()) as { shipments: CheckoutEvidence['labels'] };
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2 });
  const placedEvents = new Map<string, number>();
  try {
    const ids = new Map<string, Set<string>>();
    for (const [, flat] of (await redis.xrange(`${options.keyPrefix}${streamOf('commerce.orders.order_placed.v1')}`, '-', '+')) as [string, string[]][]) {
      const event = JSON.parse(entryJson(fieldsOf(flat))!) as { id: string; subject: string };
      ids.set(event.subject, (ids.get(event.subject) ?? new Set()).add(event.id));
    }
    for (const [orderId, set] of ids) placedEvents.set(orderId, set.size);
  } finally {
    redis.disconnect();
  }
  return { stock, reservations, orders, liveSagas, ledger, labels, placedEvents, checkouts: options.checkouts };
}
