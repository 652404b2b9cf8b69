import { ONE_OF_TWO } from './faults.js';
import { isClean, type RequestRecord } from './load.js';
import { within, type Window } from './stats.js';
import type { Subscriber } from './subscribers.js';

/** One change event of a watched key as the stream holds it. */
export interface StreamEvent {
  readonly id: string;
  readonly version: number;
  /** Commit time (CloudEvents `time`), ms. */
  readonly time: number;
  /** The marker: list amount of a price, on-hand of a stock row, the rename number in a product's name. */
  readonly value: number;
  /** Stream entries carrying this id (more than 1 is an at-least-once redelivery, deduplicated by id). */
  readonly entries: number;
}

/** `price:<productId>`, `stock:<productId>` or `product:<productId>`. */
export type Key = string;

/** Everything the invariants are checked against, gathered after the load stopped and the stack settled. */
export interface Evidence {
  readonly keys: readonly Key[];
  readonly initialVersion: ReadonlyMap<Key, number>;
  readonly final: ReadonlyMap<Key, { readonly version: number; readonly value: number }>;
  readonly stream: ReadonlyMap<Key, readonly StreamEvent[]>;
  /** Writes the gateway acknowledged: certainly committed. */
  readonly acked: readonly { readonly key: Key; readonly version: number; readonly value: number }[];
  readonly queries: readonly RequestRecord[];
  readonly writes: readonly RequestRecord[];
  readonly faultWindows: readonly Window[];
  readonly subscribers: readonly Subscriber[];
  /** When the evidence was gathered (every subscription still open is judged up to here). */
  readonly endedAt: number;
  /** Grace after a subscription (re)connected before it must receive every event. */
  readonly subscribeGraceMs: number;
  /** Redis outages (kill until back plus grace): misses of events committed in them are also counted apart. */
  readonly busOutages: readonly Window[];
  readonly outboxRows: Readonly<Record<string, number>>;
  readonly pendingInGroups: readonly { readonly stream: string; readonly group: string; readonly pending: number }[];
  /** Per gateway and key, what a query answered once the stack settled. */
  readonly reads: readonly { readonly gateway: string; readonly key: Key; readonly value: number | undefined; readonly version: number | undefined; readonly error?: string }[];
  /**
   * Search probes after settling (each product by its current name, effective EUR price and stock
   * status, through every gateway): what was still missing at the bound, and how long convergence took.
   * Absent when not probed.
   */
  readonly search?: { readonly misses: readonly string[]; readonly convergedMs: number; readonly boundMs: number; readonly probes: number; readonly products: number };
}

export interface InvariantResult {
  readonly name: string;
  /** The first violations (20 at most), then a line counting the rest. */
  readonly violations: readonly string[];
  readonly violationCount: number;
  /** Figures worth reporting whether or not it held. */
  readonly notes: readonly string[];
}

const MAX_LISTED = 20;
const cap = (list: string[]) => ({
  violations: list.length > MAX_LISTED ? [...list.slice(0, MAX_LISTED), `… and ${list.length - MAX_LISTED} more`] : list,
  violationCount: list.length,
});

/** Every committed write (the version went up by one) produced exactly one event id in the stream, and every acknowledged write is one of them. */
export function checkOneEventPerWrite(e: Evidence): InvariantResult {
  const violations: string[] = [];
  let committed = 0;
  let redelivered = 0;
  for (const key of e.keys) {
    const from = e.initialVersion.get(key)!;
    const final = e.final.get(key)!;
    committed += final.version - from;
    const events = e.stream.get(key) ?? [];
    redelivered += events.reduce((n, ev) => n + ev.entries - 1, 0);
    const byVersion = new Map<number, StreamEvent[]>();
    for (const ev of events) byVersion.set(ev.version, [...(byVersion.get(ev.version) ?? []), ev]);
    for (let v = from + 1; v <= final.version; v++) {
      const found = byVersion.get(v) ?? [];
      if (found.length !== 1) violations.push(`${key} v${v}: committed, ${found.length} events in the stream (${found.map((f) => f.id).join(', ')})`);
    }
    for (const v of byVersion.keys()) if (v <= from || v > final.version) violations.push(`${key} v${v}: an event for a version that was never committed`);
    const last = byVersion.get(final.version)?.[0];
    if (final.version > from && last && last.value !== final.value) violations.push(`${key}: the last event says ${last.value}, the database ${final.value}`);
  }
  for (const w of e.acked) {
    const ev = (e.stream.get(w.key) ?? []).find((x) => x.version === w.version);
    if (!ev) violations.push(`${w.key} v${w.version}: acknowledged write without an event`);
    else if (ev.value !== w.value) violations.push(`${w.key} v${w.version}: acknowledged ${w.value}, event says ${ev.value}`);
  }
  return {
    name: 'every committed write produced exactly one event (distinct CloudEvent ids per version)',
    ...cap(violations),
    notes: [`${committed} writes committed on ${e.keys.length} keys (${e.acked.length} acknowledged, ${committed - e.acked.length} committed without an answer or not at all), ${redelivered} duplicate stream entries (same id, at-least-once)`],
  };
}

/**
 * Per subscription: what arrived (deduplicated by event id) is real, in strictly increasing
 * version order, and complete: every event of its key committed while a connection of its
 * was up — from `subscribeGraceMs` after the connection was acknowledged until it closed
 * (or the evidence was gathered) — was received on that connection.
 */
export function checkSubscribers(e: Evidence): InvariantResult {
  const violations: string[] = [];
  let delivered = 0;
  let duplicates = 0;
  let expectedTotal = 0;
  let reconnects = 0;
  let missedInOutage = 0;
  const subscribersMissingInOutage = new Set<number>();
  for (const s of e.subscribers) {
    const key = `${s.kind}:${s.productId}`;
    const events = e.stream.get(key) ?? [];
    const byId = new Map(events.map((ev) => [ev.id, ev]));
    const seen = new Map<string, number>();
    let lastVersion = -1;
    for (const d of s.deliveries) {
      if (seen.has(d.eventId)) {
        duplicates++;
        continue;
      }
      seen.set(d.eventId, d.epoch);
      delivered++;
      const ev = byId.get(d.eventId);
      if (!ev) violations.push(`subscriber ${s.id} (${key} on ${s.gateway}): received ${d.eventId}, which is not in the stream`);
      else if (ev.version !== d.version) violations.push(`subscriber ${s.id} (${key}): ${d.eventId} carries v${d.version}, the stream v${ev.version}`);
      if (d.version <= lastVersion) violations.push(`subscriber ${s.id} (${key} on ${s.gateway}): v${d.version} after v${lastVersion} (out of commit order)`);
      lastVersion = Math.max(lastVersion, d.version);
    }
    if (s.errors.length > 0) violations.push(`subscriber ${s.id} (${key} on ${s.gateway}): ${s.errors.length} errors, first ${JSON.stringify(s.errors[0]).slice(0, 200)}`);
    const epochs = s.connection.epochs;
    reconnects += Math.max(0, epochs.length - 1);
    if (epochs.length === 0 || epochs.at(-1)!.closedAt !== undefined) violations.push(`subscriber ${s.id} (${key} on ${s.gateway}): not connected at the end (${epochs.length} connections)`);
    epochs.forEach((epoch, index) => {
      const from = epoch.connectedAt + e.subscribeGraceMs;
      // An event committed just before the connection dropped may not have been published yet.
      const to = epoch.closedAt === undefined ? e.endedAt : epoch.closedAt - e.subscribeGraceMs;
      for (const ev of events) {
        if (ev.time < from || ev.time > to) continue;
        expectedTotal++;
        const got = seen.get(ev.id);
        if (got !== undefined) continue;
        const outage = within(ev.time, e.busOutages);
        if (outage) {
          missedInOutage++;
          subscribersMissingInOutage.add(s.id);
        }
        violations.push(`subscriber ${s.id} (${key} on ${s.gateway}): missed v${ev.version} (${ev.id}, committed ${new Date(ev.time).toISOString()}, connection ${index + 1} up ${new Date(epoch.connectedAt).toISOString()}–${epoch.closedAt ? new Date(epoch.closedAt).toISOString() : 'end'})`);
      }
    });
  }
  return {
    name: 'every subscriber received each event of its product committed while it was connected, once (by event id), in commit order',
    ...cap(violations),
    notes: [
      `${e.subscribers.length} subscriptions: ${delivered} events delivered (${duplicates} duplicate deliveries dropped by id), ${expectedTotal} required by the connected windows, ${reconnects} reconnects`,
      `${missedInOutage} deliveries of events committed during a Redis outage missed by ${subscribersMissingInOutage.size} subscriptions`,
    ],
  };
}

/** Outside fault windows every query succeeded; inside, every failure was clean (coded errors or a connection error) and ended before the deadline. */
export function checkQueries(e: Evidence): InvariantResult {
  const violations: string[] = [];
  const all = [...e.queries, ...e.writes];
  let failedInWindows = 0;
  for (const r of all) {
    if (r.outcome === 'ok') continue;
    const window = within(r.start, e.faultWindows) ?? within(r.end, e.faultWindows);
    const what = `${r.kind} on ${r.gateway} at ${new Date(r.start).toISOString()} (${r.end - r.start} ms): ${r.outcome} ${r.codes.join(',')}`;
    if (!window) violations.push(`outside any fault window: ${what}`);
    else if (!isClean(r)) violations.push(`unclean failure during "${window.label}": ${what}`);
    else failedInWindows++;
  }
  return {
    name: 'no query or write failed outside the fault windows; inside, failures were clean and ended within the deadline',
    ...cap(violations),
    notes: [`${all.length} requests, ${failedInWindows} clean failures inside fault windows`],
  };
}

/**
 * While one of two replicas of a subgraph is down (killed until restarted), no storefront
 * query fails: the gateways send it to the other replica. Queries also inside another fault's
 * window are left to {@link checkQueries}.
 */
export function checkReplicaKills(e: Evidence): InvariantResult {
  const replicaWindows = e.faultWindows.filter((w) => w.label.includes(ONE_OF_TWO));
  const others = e.faultWindows.filter((w) => !replicaWindows.includes(w));
  const violations: string[] = [];
  let during = 0;
  for (const q of e.queries) {
    const window = replicaWindows.find((w) => q.start >= w.from && q.start <= (w.recoveredAt ?? w.to));
    if (!window || within(q.start, others) || within(q.end, others)) continue;
    during++;
    if (q.outcome !== 'ok') violations.push(`during "${window.label}": ${q.kind} on ${q.gateway} at ${new Date(q.start).toISOString()} (${q.end - q.start} ms): ${q.outcome} ${q.codes.join(',')}`);
  }
  return {
    name: 'no storefront query failed while one of two replicas of a subgraph was down',
    ...cap(violations),
    notes: [`${replicaWindows.length} replica kills, ${during} queries sent while a replica was down`],
  };
}

export function checkNothingLeftBehind(e: Evidence): InvariantResult {
  const violations: string[] = [];
  for (const [schema, rows] of Object.entries(e.outboxRows)) if (rows > 0) violations.push(`${schema}.outbox: ${rows} rows unpublished`);
  for (const g of e.pendingInGroups) if (g.pending > 0) violations.push(`${g.stream} group ${g.group}: ${g.pending} messages pending`);
  return {
    name: 'no outbox row unpublished, no message pending in a consumer group',
    ...cap(violations),
    notes: [`consumer groups: ${e.pendingInGroups.length === 0 ? 'none' : e.pendingInGroups.map((g) => `${g.stream}/${g.group}`).join(', ')}`],
  };
}

/** Once settled, every gateway answers the stores' state (through its entity cache) for every watched key. */
export function checkReadsConverged(e: Evidence): InvariantResult {
  const violations: string[] = [];
  for (const r of e.reads) {
    const want = e.final.get(r.key)!;
    if (r.error) violations.push(`${r.gateway} ${r.key}: ${r.error}`);
    else if (r.value !== want.value || (r.version !== undefined && r.version !== want.version)) {
      violations.push(`${r.gateway} ${r.key}: answered ${r.value} (v${r.version}), the store holds ${want.value} (v${want.version})`);
    }
  }
  return { name: 'once settled, both gateways (entity cache on) answer the stores\' current price and stock', ...cap(violations), notes: [`${e.reads.length} reads`] };
}

/** The search index converges to the stores: a search for each product's current name, price and stock status finds it, through every gateway, within the bound. */
export function checkSearchConverged(e: Evidence): InvariantResult {
  const name = 'the search index converges to the stores (name, price, stock of every product) after the last fault';
  if (!e.search) return { name, violations: [], violationCount: 0, notes: ['not probed'] };
  return {
    name: `${name} (bound ${e.search.boundMs / 1000} s)`,
    ...cap([...e.search.misses]),
    notes: [`${e.search.products} products, ${e.search.probes} searches; converged ${e.search.misses.length === 0 ? `after ${e.search.convergedMs} ms` : 'not within the bound'}`],
  };
}

export const INVARIANTS = [checkOneEventPerWrite, checkSubscribers, checkQueries, checkReplicaKills, checkNothingLeftBehind, checkReadsConverged, checkSearchConverged];
