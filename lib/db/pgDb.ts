import pg from 'pg';
import type { Db, QueryResult, Tx } from './Db.js';

/** Options for {@link createPgDb}. */
export interface PgDbOptions {
  /** Pool size. @default 10 */
  readonly max?: number;
}

/** A {@link Db} on a `pg.Pool` (production; `DATABASE_URL`). */
export function createPgDb(connectionString: string, options: PgDbOptions = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const over = (client: pg.Pool | pg.PoolClient): Tx => ({
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  return {
    kind: 'pg',
    ...over(pool),
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(over(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
