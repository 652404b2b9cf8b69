import type { SearchLogFilters } from '../../lib/events/index.js';
import type { Logger } from '../../lib/logging/index.js';
import type { Metrics } from '../../lib/metrics/index.js';
import type { SubgraphClient } from '../../lib/subgraph/index.js';

/** One search as logged: what `recordSearches` of the insights subgraph takes (schema/insights.graphql `SearchLogInput`). */
export interface SearchLogEntry {
  readonly queryId: string;
  readonly query: string;
  readonly filters: SearchLogFilters;
  readonly sort: string;
  readonly resultCount: number;
  readonly latencyMs: number;
  readonly variant: string;
  readonly experimentId: string | null;
  readonly client: string | null;
  readonly sessionId: string | null;
  readonly searchedAt: string;
}

/** Where the search subgraph's resolver puts each search: never waits, never fails the search. */
export interface SearchLogSink {
  record(entry: SearchLogEntry): void;
  /** Sends what is queued; resolves once it is sent (or dropped). */
  flush(): Promise<void>;
  /** Flushes, then stops. */
  close(): Promise<void>;
}

/** Options for {@link createSearchLogSender}. */
export interface SearchLogSenderOptions {
  /** The insights subgraph, signed as the search service (scope `insights:record`); made on first use. */
  readonly insights: () => SubgraphClient;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Searches per call. @default 200 */
  readonly batchSize?: number;
  /** Longest a search waits in the queue before its batch is sent, in ms. @default 100 */
  readonly flushMs?: number;
  /** Searches queued at most while insights is slow or away; more are dropped (counted). @default 10_000 */
  readonly maxQueued?: number;
}

const RECORD = /* GraphQL */ `mutation SearchLog($searches: [SearchLogInput!]!) { recordSearches(searches: $searches) }`;

/**
 * Sends the query log to insights in batches: a batch leaves when `batchSize` searches are
 * queued or `flushMs` after its first one, one call at a time. A call is idempotent (insights
 * skips query ids it holds), so it is retried once on a transient failure; a batch that still
 * fails is dropped and counted in `search_log_dropped_total` — analytics never slow or fail a search.
 */
export function createSearchLogSender(options: SearchLogSenderOptions): SearchLogSink {
  const batchSize = options.batchSize ?? 200;
  const flushMs = options.flushMs ?? 100;
  const maxQueued = options.maxQueued ?? 10_000;
  const sent = options.metrics?.counter('search_log_sent_total', 'Searches sent to the insights query log');
  const dropped = options.metrics?.counter('search_log_dropped_total', 'Searches not logged, by reason (queue_full, send_failed)', ['reason']);
  let queue: SearchLogEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();
  let client: SubgraphClient | undefined;
  let closed = false;

  const sendAll = async () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, batchSize);
      queue = queue.slice(batch.length);
      try {
        client ??= options.insights();
        await client.request(RECORD, { searches: batch }, { idempotent: true });
        sent?.inc(batch.length);
      } catch (err) {
        dropped?.inc({ reason: 'send_failed' }, batch.length);
        options.logger.warn({ err, searches: batch.length }, 'search log: a batch could not be sent to insights');
      }
    }
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    sending = sending.then(sendAll);
    return sending;
  };

  return {
    record(entry) {
      if (closed) return;
      if (queue.length >= maxQueued) {
        dropped?.inc({ reason: 'queue_full' });
        return;
      }
      queue.push(entry);
      if (queue.length >= batchSize) void flush();
      else timer ??= setTimeout(() => void flush(), flushMs);
    },
    flush,
    async close() {
      closed = true;
      await flush();
      await client?.close();
    },
  };
}
