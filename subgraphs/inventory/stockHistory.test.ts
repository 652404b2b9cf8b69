import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf } from '../../lib/auth/index.js';
import type { Db } from '../../lib/db/index.js';
import { errorCodes } from '../../test/helpers/graphql.js';
import { openStoreDb, serveStoreSubgraph, type ServedSubgraph } from '../../test/helpers/storeSubgraphHarness.js';
import { DB_KINDS } from '../../test/helpers/testDb.js';
import { inventorySubgraph } from './index.js';

const STOCK_AT = `query ($r: [_Any!]!, $at: String) { _entities(representations: $r) { ... on Product {
  stock(at: $at) { onHand available warehouses { warehouse { id } onHand version } } } } }`;
const HISTORY = `query ($r: [_Any!]!, $warehouseId: ID!, $from: String, $first: Int, $after: String) { _entities(representations: $r) { ... on Product {
  stockHistory(warehouseId: $warehouseId, from: $from, first: $first, after: $after) { nodes { validFrom validTo onHand available version } pageInfo { hasNextPage endCursor } } } } }`;
const ADJUST = 'mutation ($input: AdjustStockInput!) { adjustStock(input: $input) { onHand version } }';
const warehouse = identityOf('wes', ['warehouse'], []);
const ref = (id: string) => [{ __typename: 'Product', id }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DB_KINDS)('stock history on %s', (kind) => {
  let db: Db;
  let subgraph: ServedSubgraph;
  let warehouseId: string;
  beforeAll(async () => {
    db = await openStoreDb(kind, { products: 10 });
    subgraph = await serveStoreSubgraph(inventorySubgraph, db);
    warehouseId = (await db.query<{ warehouse_id: string }>("SELECT warehouse_id FROM inventory.stock WHERE product_id = 'p-1' ORDER BY warehouse_id LIMIT 1")).rows[0]!.warehouse_id;
  });
  afterAll(async () => {
    await subgraph?.close();
    await db?.close();
  });
  const adjust = (productId: string, delta: number) =>
    subgraph.call(ADJUST, { input: { productId, warehouseId, delta, reason: 'count' } }, warehouse).then((res) => res.body.data.adjustStock);
  const stockAt = (id: string, at: string) => subgraph.call(STOCK_AT, { r: ref(id), at });

  it('answers the stock as it stood at a moment, warehouse by warehouse, and records who changed it', async () => {
    const before = (await stockAt('p-1', new Date().toISOString())).body.data._entities[0].stock;
    const first = await adjust('p-1', 5);
    await sleep(5);
    const between = new Date().toISOString();
    await sleep(5);
    await adjust('p-1', 7);
    const then = (await stockAt('p-1', between)).body.data._entities[0].stock;
    expect(then.onHand).toBe(before.onHand + 5);
    expect(then.warehouses.find((w: { warehouse: { id: string } }) => w.warehouse.id === warehouseId)).toMatchObject({ onHand: first.onHand, version: first.version });
    expect((await stockAt('p-1', new Date().toISOString())).body.data._entities[0].stock.onHand).toBe(before.onHand + 12);
    const { rows } = await db.query<{ changed_by: string | null }>(
      'SELECT changed_by FROM inventory.stock_history WHERE product_id = $1 AND warehouse_id = $2 ORDER BY seq', ['p-1', warehouseId]);
    expect(rows.map((r) => r.changed_by)).toEqual([null, 'wes', 'wes']);
  });

  it('answers HISTORY_NOT_AVAILABLE before the first recorded state and BAD_USER_INPUT for the future', async () => {
    const res = await stockAt('p-2', '2001-01-01');
    expect(errorCodes(res)).toEqual(['HISTORY_NOT_AVAILABLE']);
    expect(res.body.errors![0]!.extensions!.historyStartsAt).toMatch(/^\d{4}-/);
    expect(errorCodes(await stockAt('p-2', new Date(Date.now() + 86_400_000).toISOString()))).toEqual(['BAD_USER_INPUT']);
    expect((await stockAt('p-404', new Date().toISOString())).body.data._entities[0].stock).toMatchObject({ onHand: 0, warehouses: [] });
  });

  it('pages through one warehouse\'s states, oldest first', async () => {
    const from = new Date().toISOString();
    for (const delta of [1, 2, 3]) await adjust('p-3', delta);
    const page1 = (await subgraph.call(HISTORY, { r: ref('p-3'), warehouseId, from, first: 2 })).body.data._entities[0].stockHistory;
    expect(page1.nodes).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await subgraph.call(HISTORY, { r: ref('p-3'), warehouseId, from, first: 2, after: page1.pageInfo.endCursor })).body.data._entities[0].stockHistory;
    const onHand = [...page1.nodes, ...page2.nodes].map((n: { onHand: number }) => n.onHand);
    expect(onHand.slice(1).map((n: number) => n - onHand[0]!)).toEqual([1, 3, 6]);
    expect(page2.nodes.at(-1).validTo).toBeNull();
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });
});
