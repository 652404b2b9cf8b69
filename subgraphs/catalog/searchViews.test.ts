import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/index.js';
import { migrateSubgraph } from '../../lib/subgraph/index.js';
import { DB_KINDS, openTestDb } from '../../test/helpers/testDb.js';
import { columnsOf } from '../../test/helpers/views.js';

// The search subgraph reads the catalog only through these views: they keep its columns.
describe.each(DB_KINDS)('catalog search views on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(kind);
    await migrateSubgraph(db, 'catalog');
  });
  afterAll(() => db?.close());

  it('search_products has the columns search reads', async () => {
    expect(await columnsOf(db, 'catalog', 'search_products')).toEqual({
      seq: 'bigint', id: 'text', name: 'text', description: 'text', brand: 'text', category_id: 'text', attributes: 'jsonb', version: 'integer',
    });
  });

  it('search_categories has the tree search builds category paths from and the names it suggests, and shows the rows', async () => {
    expect(await columnsOf(db, 'catalog', 'search_categories')).toEqual({ id: 'text', parent_id: 'text', name: 'text' });
    await db.query(`INSERT INTO catalog.categories (id, parent_id, name, slug) VALUES ('c-1', NULL, 'Outdoor', 'outdoor'), ('c-2', 'c-1', 'Tents', 'tents')`);
    const { rows } = await db.query('SELECT id, parent_id, name FROM catalog.search_categories ORDER BY id');
    expect(rows).toEqual([{ id: 'c-1', parent_id: null, name: 'Outdoor' }, { id: 'c-2', parent_id: 'c-1', name: 'Tents' }]);
  });
});
