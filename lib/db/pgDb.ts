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
    listen: (channel: string, fn: (payload: string) => void) => listenOn(connectionString, channel, fn),
  };
}

const RELISTEN_DELAY_MS = 1000;

/** LISTEN on a dedicated client (a pooled one would lose it on release); reconnects after a drop. */
async function listenOn(connectionString: string, channel: string, fn: (payload: string) => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Invalid LISTEN channel ${JSON.stringify(channel)}`);
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (first: boolean): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      if (message.channel === channel) fn(message.payload ?? '');
    });
    next.on('error', () => {}); // 'end' follows; a failed connect rejects below
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      next.end().catch(() => {});
      if (first) throw error;
      if (!stopped) timer = setTimeout(() => void connect(false), RELISTEN_DELAY_MS);
      return;
    }
    if (stopped) return void next.end().catch(() => {});
    client = next;
    if (!first) fn(''); // notifications sent while disconnected are lost: tell the caller to look
    next.once('end', () => {
      client = undefined;
      if (!stopped) timer = setTimeout(() => void connect(false), RELISTEN_DELAY_MS);
    });
  };
  await connect(true);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await client?.end().catch(() => {});
  };
}
