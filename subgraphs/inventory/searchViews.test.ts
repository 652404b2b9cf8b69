import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/index.js';
import { migrateSubgraph } from '../../lib/subgraph/index.js';
import { DB_KINDS, openTestDb } from '../../test/helpers/testDb.js';
import { columnsOf } from '../../test/helpers/views.js';

// The search subgraph reads stock only through this view: it keeps its columns and meaning.
describe.each(DB_KINDS)('inventory search view on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(kind);
    await migrateSubgraph(db, 'inventory');
  });
  afterAll(() => db?.close());

  it('search_stock has the columns search reads', async () => {
    expect(await columnsOf(db, 'inventory', 'search_stock')).toEqual({ product_id: 'text', warehouse_id: 'text', available: 'integer', version: 'integer' });
  });

  it('available is on hand minus reserved', async () => {
    await db.query("INSERT INTO inventory.warehouses (id, name, country) VALUES ('wh-x', 'X', 'DE')");
    await db.query("INSERT INTO inventory.stock (product_id, warehouse_id, on_hand, reserved) VALUES ('p-1', 'wh-x', 10, 3)");
    const { rows } = await db.query('SELECT available FROM inventory.search_stock WHERE product_id = $1', ['p-1']);
    expect(rows).toEqual([{ available: 7 }]);
  });
});
