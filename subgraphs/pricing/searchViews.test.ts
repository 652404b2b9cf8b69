import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/index.js';
import { migrateSubgraph } from '../../lib/subgraph/index.js';
import { DB_KINDS, openTestDb } from '../../test/helpers/testDb.js';
import { columnsOf } from '../../test/helpers/views.js';

// The search subgraph reads prices only through this view: it keeps its columns.
describe.each(DB_KINDS)('pricing search view on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(kind);
    await migrateSubgraph(db, 'pricing');
  });
  afterAll(() => db?.close());

  it('search_prices has the columns search reads (amounts, sale window, version)', async () => {
    expect(await columnsOf(db, 'pricing', 'search_prices')).toEqual({
      product_id: 'text', currency: 'character', list_amount: 'integer', sale_amount: 'integer',
      sale_valid_from: 'timestamp with time zone', sale_valid_to: 'timestamp with time zone', version: 'integer',
    });
  });
});
