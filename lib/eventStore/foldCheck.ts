import type { Queryable } from '../db/index.js';

/**
 * The rows the change events describe: the event type, the row's table and key, and the SQL
 * function the outbox trigger builds an event's `after` state with (so the fold compares like
 * with like).
 */
const FOLDED_ROWS = [
  { kind: 'price', type: 'commerce.pricing.price_changed.v1', from: 'pricing.prices r', key: ['r.product_id', 'r.currency::text'], eventKey: ['subject', "data->>'currency'"], state: 'pricing.price_state(r)' },
  { kind: 'stock', type: 'commerce.inventory.stock_changed.v1', from: 'inventory.stock r', key: ['r.product_id', 'r.warehouse_id'], eventKey: ['subject', "data->>'warehouseId'"], state: 'inventory.stock_state(r)' },
  { kind: 'product', type: 'commerce.catalog.product_changed.v1', from: 'catalog.products r', key: ['r.id', "''"], eventKey: ['subject', "''"], state: 'catalog.product_state(r)' },
] as const;

/** What {@link checkFold} found: rows compared per kind, and every row the fold does not reproduce. */
export interface FoldReport {
  readonly compared: Readonly<Record<string, number>>;
  /** `<kind> <key>: …`, at most 20 per kind. */
  readonly mismatches: readonly string[];
}

/**
 * Folds the event store's change events per row and compares the result with the current rows
 * of pricing, inventory and catalog: for each row, the `after` of its newest event (by version,
 * then stream order) must equal the row's state, and a row without events must still be at
 * version 1 (loaded without events, never changed since). A row the events say was deleted
 * must be gone. Run it once the event store has caught up with the streams.
 */
export async function checkFold(db: Pick<Queryable, 'query'>): Promise<FoldReport> {
  const compared: Record<string, number> = {};
  const mismatches: string[] = [];
  for (const row of FOLDED_ROWS) {
    const { rows } = await db.query<{ k1: string; k2: string; after: unknown; state: unknown }>(
      `WITH folded AS (
         SELECT DISTINCT ON (1, 2) ${row.eventKey[0]} AS k1, ${row.eventKey[1]} AS k2, data->'after' AS after
         FROM event_store.events WHERE type = $1
         ORDER BY 1, 2, coalesce((data->'after'->>'version')::int, (data->'before'->>'version')::int + 1) DESC, stream_ms DESC, stream_seq DESC),
       current AS (SELECT ${row.key[0]} AS k1, ${row.key[1]} AS k2, ${row.state} AS state FROM ${row.from}),
       joined AS (
         SELECT coalesce(c.k1, f.k1) AS k1, coalesce(c.k2, f.k2) AS k2, f.after, c.state, f.k1 IS NOT NULL AS has_events
         FROM current c FULL JOIN folded f ON c.k1 = f.k1 AND c.k2 = f.k2)
       SELECT k1, k2, after, state FROM joined
       WHERE CASE WHEN has_events THEN (CASE WHEN after = 'null'::jsonb THEN NULL ELSE after END) IS DISTINCT FROM state
                  ELSE (state->>'version')::int <> 1 END
       LIMIT 20`, [row.type]);
    const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${row.from}`);
    compared[row.kind] = total.rows[0]!.n;
    for (const r of rows) {
      const key = r.k2 ? `${r.k1}/${r.k2}` : r.k1;
      mismatches.push(`${row.kind} ${key}: the events fold to ${JSON.stringify(r.after ?? 'no events')}, the row is ${JSON.stringify(r.state ?? 'gone')}`);
    }
  }
  return { compared, mismatches };
}
