import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, QueryResult, Tx } from './Db.js';

/**
 * A {@link Db} on embedded PGlite: real PostgreSQL compiled to WebAssembly, in memory
 * or in `dataDir` so data survives a restart. One connection; PGlite serialises statements.
 */
export async function createPgliteDb(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir ? { dataDir } : {});
  const over = (client: PGlite | Transaction): Tx => ({
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const result = await client.query<R>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...over(pglite),
    transaction: <T>(fn: (tx: Tx) => Promise<T>) => pglite.transaction((tx) => fn(over(tx))),
    close: () => pglite.close(),
    async listen(channel: string, fn: (payload: string) => void) {
      const unlisten = await pglite.listen(channel, fn);
      return () => unlisten();
    },
  };
}
