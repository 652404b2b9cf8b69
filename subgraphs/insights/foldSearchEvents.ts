import { hostname } from 'node:os';
import type { Db, Tx } from '../../lib/db/index.js';
import { SEARCH_LOG_EVENT_TYPES, startDurableConsumer, type AnyEvent, type DurableConsumer, type EventLog } from '../../lib/events/index.js';
import type { Logger } from '../../lib/logging/index.js';
import type { Metrics } from '../../lib/metrics/index.js';
import { DEFAULT_RETENTION_DAYS } from './searchLog.js';

/** Consumer group of the analytics fold: each search log event is folded once per deployment. */
export const INSIGHTS_GROUP = 'insights';

type LogEvent = Extract<AnyEvent, { type: (typeof SEARCH_LOG_EVENT_TYPES)[number] }>;

/** What one batch adds to one aggregate row. */
interface Delta { searches: number; zeroResults: number; clickedSearches: number; clicks: number; reciprocalRankSum: number; latencySumMs: number; latencyMaxMs: number }
const empty = (): Delta => ({ searches: 0, zeroResults: 0, clickedSearches: 0, clicks: 0, reciprocalRankSum: 0, latencySumMs: 0, latencyMaxMs: 0 });

const dayOf = (iso: string) => iso.slice(0, 10);

/** Adds one event to the deltas of its (day, query) row and, under an experiment, its (experiment, variant) and (experiment, variant, session) rows. */
function add(event: LogEvent, days: Map<string, Delta>, variants: Map<string, Delta>, sessions: Map<string, Delta>): void {
  const d = event.data;
  if (d.experimentId !== null && d.sessionId !== null) {
    const sessionKey = `${d.experimentId}\0${d.variant}\0${d.sessionId}`;
    if (!sessions.has(sessionKey)) sessions.set(sessionKey, empty());
    const session = sessions.get(sessionKey)!;
    if (event.type === 'commerce.insights.search_performed.v1') session.searches += 1;
    else if (event.data.firstClick) session.clickedSearches += 1;
  }
  const rows: Delta[] = [];
  const dayKey = `${dayOf(d.searchedAt)}\0${d.normalizedQuery}`;
  if (!days.has(dayKey)) days.set(dayKey, empty());
  rows.push(days.get(dayKey)!);
  if (d.experimentId !== null) {
    const variantKey = `${d.experimentId}\0${d.variant}`;
    if (!variants.has(variantKey)) variants.set(variantKey, empty());
    rows.push(variants.get(variantKey)!);
  }
  for (const row of rows) {
    if (event.type === 'commerce.insights.search_performed.v1') {
      row.searches += 1;
      if (event.data.resultCount === 0) row.zeroResults += 1;
      row.latencySumMs += event.data.latencyMs;
      row.latencyMaxMs = Math.max(row.latencyMaxMs, event.data.latencyMs);
    } else {
      row.clicks += 1;
      if (event.data.firstClick) {
        row.clickedSearches += 1;
        row.reciprocalRankSum += 1 / event.data.position;
      }
    }
  }
}

const columns = (deltas: Delta[]) => [
  deltas.map((x) => x.searches), deltas.map((x) => x.zeroResults), deltas.map((x) => x.clickedSearches), deltas.map((x) => x.clicks),
  deltas.map((x) => x.reciprocalRankSum),
];

/**
 * Folds search log events into the aggregate tables in one transaction: the event ids not
 * folded before are claimed in `insights.folded_events` (a redelivered event finds its id
 * there and adds nothing), then each touched row is upserted once with the sum of its deltas.
 * Events older than the retention are skipped (their ids may have been pruned).
 * @returns the events folded now (not before)
 */
export async function foldSearchEvents(db: Db, events: readonly LogEvent[], retentionDays = DEFAULT_RETENTION_DAYS, now = Date.now()): Promise<LogEvent[]> {
  // Older than the retention, an event's id may have been pruned from folded_events: never fold it (again).
  const horizon = now - retentionDays * 86_400_000;
  events = events.filter((e) => Date.parse(e.data.searchedAt) >= horizon && Date.parse(e.time) >= horizon);
  if (events.length === 0) return [];
  return db.transaction(async (tx: Tx) => {
    const claimed = await tx.query<{ event_id: string }>(
      `INSERT INTO insights.folded_events (event_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING event_id`, [events.map((e) => e.id)]);
    const fresh = new Set(claimed.rows.map((r) => r.event_id));
    const days = new Map<string, Delta>();
    const variants = new Map<string, Delta>();
    const sessions = new Map<string, Delta>();
    const seen = new Set<string>();
    const folded: LogEvent[] = [];
    for (const event of events) {
      if (!fresh.has(event.id) || seen.has(event.id)) continue;
      seen.add(event.id);
      folded.push(event);
      add(event, days, variants, sessions);
    }
    if (days.size > 0) {
      const keys = [...days.keys()].map((k) => k.split('\0') as [string, string]);
      const deltas = [...days.values()];
      await tx.query(
        `INSERT INTO insights.query_days AS q (day, normalized_query, searches, zero_results, clicked_searches, clicks, reciprocal_rank_sum, latency_sum_ms, latency_max_ms)
         SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::float8[], $8::float8[], $9::float8[])
         ON CONFLICT (day, normalized_query) DO UPDATE SET
           searches = q.searches + excluded.searches, zero_results = q.zero_results + excluded.zero_results,
           clicked_searches = q.clicked_searches + excluded.clicked_searches, clicks = q.clicks + excluded.clicks,
           reciprocal_rank_sum = q.reciprocal_rank_sum + excluded.reciprocal_rank_sum,
           latency_sum_ms = q.latency_sum_ms + excluded.latency_sum_ms, latency_max_ms = greatest(q.latency_max_ms, excluded.latency_max_ms)`,
        [keys.map((k) => k[0]), keys.map((k) => k[1]), ...columns(deltas), deltas.map((x) => x.latencySumMs), deltas.map((x) => x.latencyMaxMs)]);
    }
    if (variants.size > 0) {
      const keys = [...variants.keys()].map((k) => k.split('\0') as [string, string]);
      const deltas = [...variants.values()];
      await tx.query(
        `INSERT INTO insights.experiment_variants AS v (experiment_id, variant, searches, zero_results, clicked_searches, clicks, reciprocal_rank_sum)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::float8[])
         ON CONFLICT (experiment_id, variant) DO UPDATE SET
           searches = v.searches + excluded.searches, zero_results = v.zero_results + excluded.zero_results,
           clicked_searches = v.clicked_searches + excluded.clicked_searches, clicks = v.clicks + excluded.clicks,
           reciprocal_rank_sum = v.reciprocal_rank_sum + excluded.reciprocal_rank_sum`,
        [keys.map((k) => k[0]), keys.map((k) => k[1]), ...columns(deltas)]);
    }
    if (sessions.size > 0) {
      const keys = [...sessions.keys()].map((k) => k.split('\0') as [string, string, string]);
      const deltas = [...sessions.values()];
      await tx.query(
        `INSERT INTO insights.experiment_sessions AS s (experiment_id, variant, session_id, searches, clicked_searches)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
         ON CONFLICT (experiment_id, variant, session_id) DO UPDATE SET
           searches = s.searches + excluded.searches, clicked_searches = s.clicked_searches + excluded.clicked_searches`,
        [keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2]), deltas.map((x) => x.searches), deltas.map((x) => x.clickedSearches)]);
    }
    return folded;
  });
}

/** Options for {@link startSearchAnalytics}. */
export interface SearchAnalyticsOptions {
  readonly db: Db;
  readonly log: EventLog;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** @default DEFAULT_RETENTION_DAYS */
  readonly retentionDays?: number;
}

/**
 * The analytics fold: a durable consumer (group {@link INSIGHTS_GROUP}) of the search log
 * streams, batch by batch through {@link foldSearchEvents}. Deduplication is the fold's own
 * (by event id, in the transaction of the aggregates), so the consumer's is off. Counts
 * `search_queries_total{variant, outcome}` and `search_clicks_total{variant}` for Prometheus.
 */
export async function startSearchAnalytics(options: SearchAnalyticsOptions): Promise<DurableConsumer> {
  const queries = options.metrics?.counter('search_queries_total', 'Logged searches by ranking variant and outcome (hits, zero_results)', ['variant', 'outcome']);
  const clicks = options.metrics?.counter('search_clicks_total', 'Recorded clicks on search results by ranking variant and whether it was the search\'s first', ['variant', 'first']);
  return startDurableConsumer({
    log: options.log, group: INSIGHTS_GROUP, consumer: `insights-${hostname()}-${process.pid}`, types: SEARCH_LOG_EVENT_TYPES,
    startFrom: '0', dedupe: false, batchSize: 500, readAhead: true,
    handleBatch: async (batch) => {
      const folded = await foldSearchEvents(options.db, batch.map(({ event }) => event as LogEvent), options.retentionDays);
      for (const event of folded) {
        if (event.type === 'commerce.insights.search_performed.v1') queries?.inc({ variant: event.data.variant, outcome: event.data.resultCount === 0 ? 'zero_results' : 'hits' });
        else clicks?.inc({ variant: event.data.variant, first: String(event.data.firstClick) });
      }
    },
    onError: (err, context) => options.logger.warn({ err, ...context }, 'search analytics fold'),
  });
}
