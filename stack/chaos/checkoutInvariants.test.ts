import { describe, expect, it } from 'vitest';
import {
  checkAuthorizations, checkCheckoutsSucceeded, checkLabels, checkOnePlacedEvent, checkPlacedOrdersComplete, checkReservationsOwned, checkStockBounds, type CheckoutEvidence,
} from './checkoutInvariants.js';
import type { CheckoutRecord } from './checkouts.js';

const checkout = (status: string | undefined, failureCode: string | null = null): CheckoutRecord =>
  ({ customer: 'c', idempotencyKey: 'k', start: 0, end: 1, status, failureCode, failedRequests: 0 });

/** Two orders settled as they should: o1 placed (1 × p-1, committed, authorized at payvia), o2 failed and compensated. */
function evidence(patch: Partial<CheckoutEvidence> = {}): CheckoutEvidence {
  return {
    stock: [{ productId: 'p-1', warehouseId: 'wh-1', onHand: 9, reserved: 0 }],
    reservations: [{ id: 'o1:reserve', status: 'committed', units: { 'p-1': 1 } }, { id: 'o2:reserve', status: 'released', units: { 'p-1': 1 } }],
    orders: [{ id: 'o1', status: 'PLACED', failureCode: null, lines: { 'p-1': 1 } }, { id: 'o2', status: 'FAILED', failureCode: 'PAYMENT_UNAVAILABLE', lines: { 'p-1': 1 } }],
    liveSagas: [],
    ledger: [{ provider: 'payvia', id: 'pi_1', key: 'o1:authorize', status: 'authorized' }, { provider: 'acquira', id: 'A2', key: 'o2:authorize', status: 'voided' }],
    labels: [{ carrier: 'skyway', trackingNumber: '1Z1', key: 'o1:ship', cancelled: false }, { carrier: 'parcelo', trackingNumber: 'PCL2', key: 'o2:ship', cancelled: true }],
    placedEvents: new Map([['o1', 1]]),
    checkouts: [checkout('PLACED')],
    ...patch,
  };
}

describe('checkout invariants', () => {
  it('hold for orders that settled as they should', () => {
    for (const check of [checkStockBounds, checkReservationsOwned, checkAuthorizations, checkLabels, checkPlacedOrdersComplete, checkOnePlacedEvent, checkCheckoutsSucceeded]) {
      expect(check(evidence()).violations, check.name).toEqual([]);
    }
  });

  it('see oversold stock', () => {
    expect(checkStockBounds(evidence({ stock: [{ productId: 'p-1', warehouseId: 'wh-1', onHand: 1, reserved: 2 }] })).violationCount).toBe(1);
    expect(checkStockBounds(evidence({ stock: [{ productId: 'p-1', warehouseId: 'wh-1', onHand: -1, reserved: 0 }] })).violationCount).toBe(1);
  });

  it('see a reservation left behind by a finished saga, and one committed for a failed order', () => {
    const left = evidence({ reservations: [{ id: 'o1:reserve', status: 'committed', units: { 'p-1': 1 } }, { id: 'o2:reserve', status: 'held', units: { 'p-1': 1 } }] });
    expect(checkReservationsOwned(left).violations).toEqual([expect.stringContaining('o2:reserve still holds stock')]);
    expect(checkReservationsOwned({ ...left, liveSagas: ['o2'] }).violations).toEqual([]);
    const committed = evidence({ reservations: [{ id: 'o1:reserve', status: 'committed', units: { 'p-1': 1 } }, { id: 'o2:reserve', status: 'committed', units: { 'p-1': 1 } }] });
    expect(checkReservationsOwned(committed).violationCount).toBe(1);
  });

  it('see a double charge, an authorization left on a failed order, and a placed order without one', () => {
    const twice = evidence({ ledger: [...evidence().ledger, { provider: 'acquira', id: 'A1', key: 'o1:authorize', status: 'authorized' }] });
    expect(checkAuthorizations(twice).violations).toEqual([expect.stringContaining('charged twice')]);
    const leaked = evidence({ ledger: [...evidence().ledger, { provider: 'payvia', id: 'pi_2', key: 'o2:authorize', status: 'pending' }] });
    expect(checkAuthorizations(leaked).violations).toEqual([expect.stringContaining('which is FAILED')]);
    expect(checkAuthorizations(evidence({ ledger: [] })).violations).toEqual([expect.stringContaining('holds no authorization')]);
  });

  it('see a parcel shipped twice, a live label on a failed order, and a placed order without one', () => {
    const twice = evidence({ labels: [...evidence().labels, { carrier: 'freightly', trackingNumber: 'FR-1', key: 'o1:ship', cancelled: false }] });
    expect(checkLabels(twice).violations).toEqual([expect.stringContaining('shipped twice')]);
    const leaked = evidence({ labels: [evidence().labels[0]!, { carrier: 'parcelo', trackingNumber: 'PCL2', key: 'o2:ship', cancelled: false }] });
    expect(checkLabels(leaked).violations).toEqual([expect.stringContaining('which is FAILED')]);
    expect(checkLabels({ ...leaked, liveSagas: ['o2'] }).violations).toEqual([]);
    expect(checkLabels(evidence({ labels: [] })).violations).toEqual([expect.stringContaining('has no label')]);
  });

  it('see a placed order without its stock decrement', () => {
    expect(checkPlacedOrdersComplete(evidence({ reservations: [{ id: 'o1:reserve', status: 'released', units: { 'p-1': 1 } }] })).violationCount).toBe(1);
    expect(checkPlacedOrdersComplete(evidence({ reservations: [{ id: 'o1:reserve', status: 'committed', units: { 'p-1': 2 } }] })).violationCount).toBe(1);
  });

  it('see a missing, doubled or stray order_placed event', () => {
    expect(checkOnePlacedEvent(evidence({ placedEvents: new Map() })).violationCount).toBe(1);
    expect(checkOnePlacedEvent(evidence({ placedEvents: new Map([['o1', 2]]) })).violationCount).toBe(1);
    expect(checkOnePlacedEvent(evidence({ placedEvents: new Map([['o1', 1], ['o2', 1]]) })).violationCount).toBe(1);
  });

  it('count technical failures against the success rate, business refusals not', () => {
    const many = (n: number, status: string) => Array.from({ length: n }, () => checkout(status));
    expect(checkCheckoutsSucceeded(evidence({ checkouts: [...many(199, 'PLACED'), checkout('FAILED', 'OUT_OF_STOCK')] })).violations).toEqual([]);
    expect(checkCheckoutsSucceeded(evidence({ checkouts: [...many(199, 'PLACED'), checkout('FAILED', 'SUBGRAPH_UNAVAILABLE')] })).violations).toEqual([]);
    expect(checkCheckoutsSucceeded(evidence({ checkouts: [...many(99, 'PLACED'), checkout(undefined)] })).violationCount).toBe(1);
    // The customer stopped waiting, but the order was placed in the end: it succeeded.
    const late = { ...checkout(undefined), orderId: 'o1' };
    expect(checkCheckoutsSucceeded(evidence({ checkouts: [...many(99, 'PLACED'), late] })).violations).toEqual([]);
    expect(checkCheckoutsSucceeded(evidence({ checkouts: [...many(99, 'PLACED'), { ...late, orderId: 'o2' }] })).violationCount).toBe(1);
  });
});
