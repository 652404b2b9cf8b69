import type { Queryable } from '../db/index.js';

/** A history table row as read: its sequence, when it took effect, when the next did (null for the current one), who wrote it, and its columns. */
export type HistoryRow<Columns> = Columns & { readonly seq: number; readonly validFrom: Date; readonly validTo: Date | null; readonly changedBy: string | null };

/** Options for {@link createHistoryTable}. */
export interface HistoryTableOptions<Columns> {
  /** e.g. `pricing.price_history`: rows `(seq, <key columns>, valid_from, changed_by, …)`, never updated. */
  readonly table: string;
  /** The two columns one history is kept per, e.g. `['product_id', 'currency']`. */
  readonly key: readonly [string, string];
  /** The state's columns, as a select list. */
  readonly columns: string;
  /** Maps a selected row's state columns. */
  readonly read: (row: Record<string, unknown>) => Columns;
}

/**
 * Reads one kind of history table (a row per committed state, valid from `valid_from` until the
 * next row of the same key, ordered by `(valid_from, seq)`): the state in force at a moment, and
 * the states in force over an interval. Index `(<key>, valid_from, seq)` serves both.
 */
export function createHistoryTable<Columns>(db: Queryable, options: HistoryTableOptions<Columns>) {
  const { table, columns } = options;
  const [a, b] = options.key;
  const toRow = (row: Record<string, unknown>): HistoryRow<Columns> => ({
    ...options.read(row), seq: Number(row.seq), validFrom: row.valid_from as Date, validTo: (row.valid_to as Date | null) ?? null,
    changedBy: (row.changed_by as string | null) ?? null,
  });
  return {
    /**
     * The state in force at `at`, or, when none was recorded by then, when this history starts
     * (undefined when there is none: the key never existed).
     */
    async stateAt(k1: string, k2: string, at: Date): Promise<{ state: HistoryRow<Columns> } | { historyStartsAt: Date | undefined }> {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT seq, valid_from, changed_by, ${columns} FROM ${table} WHERE ${a} = $1 AND ${b} = $2 AND valid_from <= $3
         ORDER BY valid_from DESC, seq DESC LIMIT 1`, [k1, k2, at]);
      if (rows[0]) return { state: toRow(rows[0]) };
      const first = await db.query<{ first: Date | null }>(`SELECT min(valid_from) AS first FROM ${table} WHERE ${a} = $1 AND ${b} = $2`, [k1, k2]);
      return { historyStartsAt: first.rows[0]?.first ?? undefined };
    },

    /** The newest states recorded by `at`, newest first. */
    async latest(k1: string, k2: string, at: Date, limit: number): Promise<HistoryRow<Columns>[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT seq, valid_from, changed_by, ${columns} FROM ${table} WHERE ${a} = $1 AND ${b} = $2 AND valid_from <= $3
         ORDER BY valid_from DESC, seq DESC LIMIT $4`, [k1, k2, at, limit]);
      return rows.map(toRow);
    },

    /**
     * The states in force at any moment of [from, to) (from the first when `from` is null),
     * oldest first, after the one with sequence `afterSeq`; up to `limit`. States replaced in
     * the same instant (two writes in one transaction) are left out.
     */
    async states(k1: string, k2: string, range: { readonly from: Date | null; readonly to: Date }, limit: number, afterSeq = 0): Promise<HistoryRow<Columns>[]> {
      const { rows } = await db.query<Record<string, unknown>>(
        `SELECT * FROM (
           SELECT seq, valid_from, lead(valid_from) OVER (ORDER BY valid_from, seq) AS valid_to, changed_by, ${columns}
           FROM ${table} WHERE ${a} = $1 AND ${b} = $2) t
         WHERE valid_from < $3 AND (valid_to IS NULL OR (valid_to > valid_from AND ($4::timestamptz IS NULL OR valid_to > $4))) AND seq > $5
         ORDER BY valid_from, seq LIMIT $6`, [k1, k2, range.to, range.from, afterSeq, limit]);
      return rows.map(toRow);
    },
  };
}

export type HistoryTable<Columns> = ReturnType<typeof createHistoryTable<Columns>>;
