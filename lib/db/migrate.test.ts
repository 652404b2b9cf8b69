import { afterEach, describe, expect, it } from 'vitest';
import { createPgDb } from './index.js';
import { migrateSubgraph } from '../subgraph/index.js';
import { createTestDatabase, openTestDb } from '../../test/helpers/testDb.js';
import type { Db } from './Db.js';
import { readdirSync } from 'node:fs';
import { STORE_SUBGRAPH_NAMES as SUBGRAPHS } from '../config/index.js';
import { fromRoot } from '../paths.js';
import { migrate } from './migrate.js';

const sqlFiles = (...dir: string[]) => readdirSync(fromRoot(...dir)).filter((f) => f.endsWith('.sql'));
/** Every store's migration files, as the migrations on disk name them, and the outbox's shared ones for each store. */
const FILES = SUBGRAPHS.flatMap((name) => [
  ...sqlFiles('subgraphs', name, 'migrations'),
  ...sqlFiles('lib', 'events', 'outboxMigrations').map((f) => `outbox/${f}`),
]).sort();

describe('migrate', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('applies each subgraph once and nothing the second time (PGlite)', async () => {
    const db = await openTestDb('pglite');
    cleanup.push(() => db.close());
    for (const name of SUBGRAPHS) expect(await migrateSubgraph(db, name)).not.toEqual([]);
    for (const name of SUBGRAPHS) expect(await migrateSubgraph(db, name)).toEqual([]);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM public.schema_migrations');
    expect(rows[0]!.n).toBe(FILES.length);
    expect(FILES.length).toBeGreaterThanOrEqual(6); // 001_<schema>.sql and 002_outbox.sql each, at least
  });

  it('is safe when two processes migrate one PostgreSQL database at once', async () => {
    const database = await createTestDatabase();
    const a: Db = createPgDb(database.url);
    const b: Db = createPgDb(database.url);
    cleanup.push(async () => { await a.close(); await b.close(); await database.drop(); });
    const results = await Promise.all([a, b, a, b].map((db) => Promise.all(SUBGRAPHS.map((name) => migrateSubgraph(db, name)))));
    // Every migration was applied by exactly one runner.
    expect(results.flat(2).sort()).toEqual(FILES);
    const { rows } = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog.products');
    expect(rows[0]!.n).toBe(0);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const db = await openTestDb('pglite');
    cleanup.push(() => db.close());
    await migrate(db, 'demo', [{ name: '001.sql', sql: 'CREATE TABLE demo_t (id int)' }]);
    await expect(migrate(db, 'demo', [{ name: '001.sql', sql: 'CREATE TABLE demo_t (id bigint)' }])).rejects.toThrow(/changed after it was applied/);
  });
});
