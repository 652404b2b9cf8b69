import { randomUUID } from 'node:crypto';
import type { Db } from '../../lib/db/index.js';
import { OUTBOX_CHANNEL, type CloudEvent, type Events, type SearchLogFilters } from '../../lib/events/index.js';
import { foldAccents } from '../../lib/search/index.js';

type Performed = Events['commerce.insights.search_performed.v1'];
type Clicked = Events['commerce.insights.search_clicked.v1'];

/** One search as the search subgraph logs it (the event's data but the normalized query). */
export type LoggedSearch = Omit<Performed, 'normalizedQuery'>;

/** A click as recorded: the event's data. */
export type RecordedClick = Clicked;

/** The text as analytics group it: case, accents and spacing folded ("  Crème  BRÛLÉE " → "creme brulee"). */
export const normalizeQuery = (text: string): string => foldAccents(text).replace(/\s+/g, ' ').trim();

/** Days searches and clicks are kept row by row (`SEARCH_LOG_RETENTION_DAYS`). */
export const DEFAULT_RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;

const envelope = <T extends keyof Events>(type: T, subject: string, data: Events[T]): CloudEvent<T, Events[T]> => ({
  specversion: '1.0', id: randomUUID(), source: '/commerce/insights', type, subject, time: new Date().toISOString(), datacontenttype: 'application/json', data,
});

/** The filters of a search in the log's shape. */
export const noFilters: SearchLogFilters = { categoryIds: [], brands: [], priceMin: null, priceMax: null, currency: null, inStock: null };

/**
 * The query and click log in the `insights` schema. Every write commits with its event in the
 * outbox (one transaction), so the analytics consumer, the event store and partners see exactly
 * what was recorded.
 */
export function createSearchLog(db: Db, retentionDays = DEFAULT_RETENTION_DAYS) {
  return {
    /**
     * Logs a batch of searches: their rows and search_performed events in one transaction, two
     * INSERTs whatever the batch size. A search logged already (a retried batch) is skipped.
     * @returns how many were new
     */
    async recordSearches(searches: readonly LoggedSearch[]): Promise<number> {
      if (searches.length === 0) return 0;
      const events = searches.map((s) => envelope('commerce.insights.search_performed.v1', s.queryId, { ...s, normalizedQuery: normalizeQuery(s.query) }));
      return db.transaction(async (tx) => {
        const inserted = await tx.query<{ query_id: string }>(
          `INSERT INTO insights.searches (query_id, searched_at, normalized_query, result_count, variant, experiment_id, session_id)
           SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[])
           ON CONFLICT (query_id) DO NOTHING RETURNING query_id`,
          [events.map((e) => e.data.queryId), events.map((e) => e.data.searchedAt), events.map((e) => e.data.normalizedQuery),
            events.map((e) => e.data.resultCount), events.map((e) => e.data.variant), events.map((e) => e.data.experimentId), events.map((e) => e.data.sessionId)]);
        const fresh = new Set(inserted.rows.map((r) => r.query_id));
        const emitted = events.filter((e) => fresh.has(e.data.queryId));
        if (emitted.length > 0) {
          await tx.query(`INSERT INTO insights.outbox (event) SELECT unnest($1::json[])`, [emitted.map((e) => JSON.stringify(e))]);
          await tx.query(`SELECT pg_notify($1, 'insights')`, [OUTBOX_CHANNEL]);
        }
        return emitted.length;
      });
    },

    /**
     * Records a click on the result at `position` of search `queryId`, with its search_clicked
     * event; the first click of a search sets its first-click position. A second click on the
     * same product returns the first one's record and emits nothing.
     * @returns undefined when no such search is logged
     */
    async recordClick(queryId: string, productId: string, position: number): Promise<RecordedClick | undefined> {
      return db.transaction(async (tx) => {
        // Locks the search row: two clicks at once agree on which one came first.
        const search = (await tx.query<{ searched_at: Date; normalized_query: string; variant: string; experiment_id: string | null; session_id: string | null; first_click_position: number | null }>(
          `SELECT searched_at, normalized_query, variant, experiment_id, session_id, first_click_position FROM insights.searches WHERE query_id = $1 FOR UPDATE`, [queryId])).rows[0];
        // A search older than the retention takes no clicks, pruned yet or not: its day's figures are final.
        if (!search || search.searched_at.getTime() < Date.now() - retentionDays * DAY_MS) return undefined;
        const base = {
          queryId, normalizedQuery: search.normalized_query, variant: search.variant, experimentId: search.experiment_id, sessionId: search.session_id,
          searchedAt: search.searched_at.toISOString(),
        };
        const inserted = await tx.query(`INSERT INTO insights.clicks (query_id, product_id, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [queryId, productId, position]);
        if (inserted.rowCount === 0) {
          const clicks = (await tx.query<{ product_id: string; position: number }>(
            `SELECT product_id, position FROM insights.clicks WHERE query_id = $1 ORDER BY clicked_at, product_id`, [queryId])).rows;
          const earlier = clicks.find((c) => c.product_id === productId)!;
          return { ...base, productId, position: earlier.position, firstClick: clicks[0]!.product_id === productId };
        }
        const firstClick = search.first_click_position === null;
        if (firstClick) await tx.query(`UPDATE insights.searches SET first_click_position = $2 WHERE query_id = $1`, [queryId, position]);
        const data: Clicked = { ...base, productId, position, firstClick };
        await tx.query(`INSERT INTO insights.outbox (event) VALUES ($1)`, [JSON.stringify(envelope('commerce.insights.search_clicked.v1', queryId, data))]);
        await tx.query(`SELECT pg_notify($1, 'insights')`, [OUTBOX_CHANNEL]);
        return data;
      });
    },

    /**
     * Deletes searches (with their clicks) and folded event ids older than the retention. The
     * fold skips events older than the retention, so a pruned id redelivered is not folded twice.
     * @returns the searches deleted
     */
    async prune(now = Date.now()): Promise<number> {
      const horizon = new Date(now - retentionDays * DAY_MS);
      return db.transaction(async (tx) => {
        const { rowCount } = await tx.query(`DELETE FROM insights.searches WHERE searched_at < $1`, [horizon]);
        await tx.query(`DELETE FROM insights.folded_events WHERE folded_at < $1`, [horizon]);
        return rowCount;
      });
    },
  };
}

export type SearchLog = ReturnType<typeof createSearchLog>;
