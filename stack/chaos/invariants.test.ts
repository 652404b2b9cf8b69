import { describe, expect, it } from 'vitest';
import { checkNothingLeftBehind, checkOneEventPerWrite, checkQueries, checkReplicaKills, checkSearchConverged, checkSubscribers, type Evidence, type StreamEvent } from './invariants.js';
import type { RequestRecord } from './load.js';
import type { Subscriber } from './subscribers.js';

const T0 = 1_000_000;
const ev = (id: string, version: number, time: number, value = version * 10, entries = 1): StreamEvent => ({ id, version, time, value, entries });

/** One watched key, p-1's price, at version 1 before the load and 3 after, and its two events. */
function evidence(patch: Partial<Evidence> = {}): Evidence {
  return {
    keys: ['price:p-1'],
    initialVersion: new Map([['price:p-1', 1]]),
    final: new Map([['price:p-1', { version: 3, value: 30 }]]),
    stream: new Map([['price:p-1', [ev('e2', 2, T0 + 10_000), ev('e3', 3, T0 + 20_000)]]]),
    acked: [{ key: 'price:p-1', version: 2, value: 20 }, { key: 'price:p-1', version: 3, value: 30 }],
    queries: [], writes: [], faultWindows: [], subscribers: [], endedAt: T0 + 60_000, subscribeGraceMs: 2000,
    busOutages: [], outboxRows: { pricing: 0 }, pendingInGroups: [], reads: [],
    ...patch,
  };
}

function subscriber(deliveries: [string, number][], epochs: { connectedAt: number; closedAt?: number }[] = [{ connectedAt: T0 }]): Subscriber {
  return {
    id: 1, gateway: 'gateway-1', kind: 'price', productId: 'p-1', errors: [],
    connection: { gateway: 'gateway-1', epochs, client: undefined as never },
    deliveries: deliveries.map(([eventId, version]) => ({ eventId, version, at: 0, epoch: 0 })),
  };
}

const request = (start: number, outcome: RequestRecord['outcome'], codes: (string | undefined)[] = []): RequestRecord =>
  ({ kind: 'product', gateway: 'gateway-1', start, end: start + 10, outcome, codes });

describe('chaos invariants', () => {
  it('one event per committed version holds, and duplicate stream entries of one id are only counted', () => {
    const ok = checkOneEventPerWrite(evidence({ stream: new Map([['price:p-1', [ev('e2', 2, 0, 20, 2), ev('e3', 3, 0)]]]) }));
    expect(ok.violations).toEqual([]);
    expect(ok.notes[0]).toContain('1 duplicate stream entries');
  });

  it('names a committed version without an event, one with two event ids, and a wrong last value', () => {
    expect(checkOneEventPerWrite(evidence({ stream: new Map([['price:p-1', [ev('e3', 3, 0)]]]) })).violations)
      .toEqual(expect.arrayContaining([expect.stringContaining('v2: committed, 0 events'), expect.stringContaining('v2: acknowledged write without an event')]));
    expect(checkOneEventPerWrite(evidence({ stream: new Map([['price:p-1', [ev('e2', 2, 0), ev('x2', 2, 0, 20), ev('e3', 3, 0)]]]) })).violations)
      .toEqual([expect.stringContaining('v2: committed, 2 events')]);
    expect(checkOneEventPerWrite(evidence({ final: new Map([['price:p-1', { version: 3, value: 31 }]]) })).violationCount).toBe(1);
  });

  it('a subscriber connected throughout must get both events, once, in order', () => {
    expect(checkSubscribers(evidence({ subscribers: [subscriber([['e2', 2], ['e2', 2], ['e3', 3]])] })).violations).toEqual([]);
    expect(checkSubscribers(evidence({ subscribers: [subscriber([['e3', 3]])] })).violations).toEqual([expect.stringContaining('missed v2')]);
    expect(checkSubscribers(evidence({ subscribers: [subscriber([['e3', 3], ['e2', 2]])] })).violations).toEqual([expect.stringContaining('out of commit order')]);
    expect(checkSubscribers(evidence({ subscribers: [subscriber([['zz', 2], ['e3', 3]])] })).violations)
      .toEqual(expect.arrayContaining([expect.stringContaining('not in the stream')]));
  });

  it('a subscriber is only held to events committed while its connection was up', () => {
    // Down from T0+5 s to T0+15 s: v2 (committed at T0+10 s) is not required; v3 is.
    const epochs = [{ connectedAt: T0, closedAt: T0 + 5000 }, { connectedAt: T0 + 15_000 }];
    expect(checkSubscribers(evidence({ subscribers: [subscriber([['e3', 3]], epochs)] })).violations).toEqual([]);
    expect(checkSubscribers(evidence({ subscribers: [subscriber([], epochs)] })).violations).toEqual([expect.stringContaining('missed v3')]);
    const gone = [{ connectedAt: T0, closedAt: T0 + 5000 }];
    expect(checkSubscribers(evidence({ subscribers: [subscriber([], gone)] })).violations).toEqual([expect.stringContaining('not connected at the end')]);
  });

  it('a failed query is a violation outside fault windows, and inside one unless it was clean', () => {
    const faultWindows = [{ from: T0, to: T0 + 10_000, label: 'kill -9 pricing' }];
    const queries = [request(T0 + 1000, 'connection', ['ECONNREFUSED']), request(T0 + 2000, 'graphql-error', ['SUBGRAPH_UNAVAILABLE'])];
    expect(checkQueries(evidence({ faultWindows, queries })).violations).toEqual([]);
    expect(checkQueries(evidence({ faultWindows, queries: [request(T0 + 3000, 'timeout')] })).violations).toEqual([expect.stringContaining('unclean failure')]);
    expect(checkQueries(evidence({ faultWindows, queries: [request(T0 + 3000, 'graphql-error', [undefined])] })).violationCount).toBe(1);
    expect(checkQueries(evidence({ faultWindows, queries: [request(T0 + 20_000, 'graphql-error', ['INTERNAL_SERVER_ERROR'])] })).violations)
      .toEqual([expect.stringContaining('outside any fault window')]);
  });

  it('an unpublished outbox row or a pending group message is a violation', () => {
    expect(checkNothingLeftBehind(evidence({ outboxRows: { pricing: 2 } })).violations).toEqual(['pricing.outbox: 2 rows unpublished']);
    expect(checkNothingLeftBehind(evidence({ pendingInGroups: [{ stream: 's', group: 'g', pending: 1 }] })).violationCount).toBe(1);
  });

  it('a search that still misses a product at its current price after the bound is a violation', () => {
    expect(checkSearchConverged(evidence()).violations).toEqual([]);
    expect(checkSearchConverged(evidence({ search: { misses: [], convergedMs: 800, boundMs: 20_000, probes: 24, products: 12 } })).violations).toEqual([]);
    const late = checkSearchConverged(evidence({ search: { misses: ['gateway-1 search for p-1 at EUR 100: not found'], convergedMs: 20_100, boundMs: 20_000, probes: 900, products: 12 } }));
    expect(late.violationCount).toBe(1);
  });

  it('no query may fail while one of two replicas is down, unless another fault overlaps', () => {
    const replica = { from: T0, to: T0 + 20_000, recoveredAt: T0 + 10_000, label: 'kill -9 catalog (one of 2 replicas), restart after 3 s' };
    const ok = checkReplicaKills(evidence({ faultWindows: [replica], queries: [request(T0 + 1000, 'ok'), request(T0 + 15_000, 'connection', ['ECONNRESET'])] }));
    expect(ok.violations).toEqual([]);
    expect(ok.notes[0]).toContain('1 queries sent while a replica was down');
    expect(checkReplicaKills(evidence({ faultWindows: [replica], queries: [request(T0 + 2000, 'graphql-error', ['SUBGRAPH_UNAVAILABLE'])] })).violationCount).toBe(1);
    const gateway = { from: T0 + 1500, to: T0 + 3000, label: 'kill -9 gateway-2' };
    expect(checkReplicaKills(evidence({ faultWindows: [replica, gateway], queries: [request(T0 + 2000, 'connection', ['ECONNREFUSED'])] })).violations).toEqual([]);
  });
});
