import { createScratchDatabase } from '../../stack/scratchDatabase.js';
import { createPgDb, createPgliteDb, type Db } from '../../lib/db/index.js';

/** Both store adapters: every store test runs on each. */
export const DB_KINDS = ['pglite', 'pg'] as const;
export type DbKind = (typeof DB_KINDS)[number];

/** The server the `pg` kind uses; `npm test` sets it after starting PostgreSQL. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests with `npm test`, which starts PostgreSQL');
  return url;
}

/** A database of its own on the test server, dropped by `drop()`. */
export function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return createScratchDatabase(testDatabaseUrl(), 'cs_test');
}

/** A fresh, empty store of the given kind; `close()` also drops the PostgreSQL database. */
export async function openTestDb(kind: DbKind): Promise<Db> {
  if (kind === 'pglite') return createPgliteDb();
  const database = await createTestDatabase();
  const db = createPgDb(database.url, { max: 5 });
  return { ...db, close: async () => { await db.close(); await database.drop(); } };
}

/** Wraps a Db so a test can see every statement sent through it (and its transactions). */
export function recordingDb(db: Db): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const wrap = <T extends Pick<Db, 'query' | 'exec'>>(q: T) => ({
    query: ((sql: string, params?: readonly unknown[]) => { statements.push(sql); return q.query(sql, params); }) as Db['query'],
    exec: (sql: string) => { statements.push(sql); return q.exec(sql); },
  });
  return {
    statements,
    db: { ...db, ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))) },
  };
}
