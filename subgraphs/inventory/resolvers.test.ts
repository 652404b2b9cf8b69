import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS, createAuthorizer, identityOf, type Identity } from '../../lib/auth/index.js';
import type { Db } from '../../lib/db/index.js';
import { composeSupergraph } from '../../lib/schema/index.js';
import { readSubgraphSdl } from '../../lib/subgraph/index.js';
import { errorCodes } from '../../test/helpers/graphql.js';
import { clearOutboxes, openStoreDb, outboxEvents, serveStoreSubgraph, type ServedSubgraph } from '../../test/helpers/storeSubgraphHarness.js';
import { DB_KINDS } from '../../test/helpers/testDb.js';
import { inventorySubgraph } from './index.js';

const STOCK = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id stock {
  onHand reserved available inStock
  warehouses { warehouse { id name country } onHand reserved available version updatedAt } } } } }`;
const ADJUST = `mutation ($input: AdjustStockInput!) { adjustStock(input: $input) {
  warehouse { id } onHand reserved available version updatedAt } }`;
const worker = identityOf('walt', ['warehouse'], []);
const refs = (...ids: string[]) => ids.map((id) => ({ __typename: 'Product', id }));

/** Sets a product's stock in every sample warehouse (berlin, newark, rotterdam) without change events. */
async function setStock(db: Db, productId: string, rows: Record<string, [onHand: number, reserved: number]>) {
  await db.transaction(async (tx) => {
    await tx.exec("SET LOCAL commerce.suppress_events = 'on'");
    for (const [warehouseId, [onHand, reserved]] of Object.entries(rows)) {
      await tx.query('UPDATE inventory.stock SET on_hand = $3, reserved = $4 WHERE product_id = $1 AND warehouse_id = $2',
        [productId, warehouseId, onHand, reserved]);
    }
  });
}

describe.each(DB_KINDS)('inventory resolvers on %s', (kind) => {
  let db: Db;
  let subgraph: ServedSubgraph;
  beforeAll(async () => {
    db = await openStoreDb(kind, { products: 20 });
    subgraph = await serveStoreSubgraph(inventorySubgraph, db);
  });
  afterAll(async () => {
    await subgraph?.close();
    await db?.close();
  });
  beforeEach(async () => {
    await clearOutboxes(db);
  });

  it('resolves the stock of many Product references with one SQL statement', async () => {
    subgraph.resetStatements();
    const res = await subgraph.call(STOCK, { r: refs('p-1', 'p-2', 'p-3', 'p-4', 'p-5') });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities.map((p: { id: string; stock: { warehouses: unknown[] } }) => [p.id, p.stock.warehouses.length]))
      .toEqual([['p-1', 3], ['p-2', 3], ['p-3', 3], ['p-4', 3], ['p-5', 3]]);
    expect(subgraph.statements).toHaveLength(1);
  });

  it('sums on hand, reserved and available over warehouses and lists each one', async () => {
    await setStock(db, 'p-6', { 'wh-berlin': [10, 2], 'wh-newark': [0, 0], 'wh-rotterdam': [5, 5] });
    const res = await subgraph.call(STOCK, { r: refs('p-6') });
    expect(res.body.data._entities[0].stock).toMatchObject({
      onHand: 15, reserved: 7, available: 8, inStock: true,
      warehouses: [
        { warehouse: { id: 'wh-berlin', name: 'Berlin', country: 'DE' }, onHand: 10, reserved: 2, available: 8, version: 1 },
        { warehouse: { id: 'wh-newark', name: 'Newark', country: 'US' }, onHand: 0, reserved: 0, available: 0, version: 1 },
        { warehouse: { id: 'wh-rotterdam', name: 'Rotterdam', country: 'NL' }, onHand: 5, reserved: 5, available: 0, version: 1 },
      ],
    });
    expect(res.body.data._entities[0].stock.warehouses[0].updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('says a product is out of stock when everything on hand is reserved', async () => {
    await setStock(db, 'p-7', { 'wh-berlin': [3, 3], 'wh-newark': [0, 0], 'wh-rotterdam': [1, 1] });
    const res = await subgraph.call(STOCK, { r: refs('p-7') });
    expect(res.body.data._entities[0].stock).toMatchObject({ onHand: 4, available: 0, inStock: false });
  });

  it('answers zero stock, not an error, for a product inventory has never stocked', async () => {
    const res = await subgraph.call(STOCK, { r: refs('p-404') });
    expect(res.body.data._entities[0]).toEqual({ id: 'p-404', stock: { onHand: 0, reserved: 0, available: 0, inStock: false, warehouses: [] } });
  });

  it('lists the warehouses', async () => {
    const res = await subgraph.call('{ warehouses { id name country } }');
    expect(res.body.data.warehouses).toEqual([
      { id: 'wh-berlin', name: 'Berlin', country: 'DE' },
      { id: 'wh-newark', name: 'Newark', country: 'US' },
      { id: 'wh-rotterdam', name: 'Rotterdam', country: 'NL' },
    ]);
  });

  it('adjusts stock through the mutation, returning the new row, with one outbox event', async () => {
    await setStock(db, 'p-8', { 'wh-newark': [4, 1] });
    const res = await subgraph.call(ADJUST, { input: { productId: 'p-8', warehouseId: 'wh-newark', delta: 6, reason: 'receipt', expectedVersion: 1 } }, worker);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.adjustStock).toMatchObject({ warehouse: { id: 'wh-newark' }, onHand: 10, reserved: 1, available: 9, version: 2 });
    const events = await outboxEvents(db, 'inventory');
    expect(events.map((e) => e.data)).toEqual([
      { productId: 'p-8', warehouseId: 'wh-newark', before: { onHand: 4, reserved: 1, version: 1 }, after: { onHand: 10, reserved: 1, version: 2 } },
    ]);
  });

  it('reports a stale expectedVersion as CONFLICT with the current version, writing nothing', async () => {
    const res = await subgraph.call(ADJUST, { input: { productId: 'p-9', warehouseId: 'wh-berlin', delta: 1, reason: 'count', expectedVersion: 5 } }, worker);
    expect(res.body.data).toBeNull();
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect(res.body.errors![0]!.extensions).toMatchObject({ productId: 'p-9', currentVersion: 1 });
    expect(await outboxEvents(db, 'inventory')).toEqual([]);
  });

  it('reports stock that would go negative as BAD_USER_INPUT on delta, writing nothing', async () => {
    await setStock(db, 'p-10', { 'wh-berlin': [2, 0] });
    const res = await subgraph.call(ADJUST, { input: { productId: 'p-10', warehouseId: 'wh-berlin', delta: -3, reason: 'sale' } }, worker);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors![0]!.extensions).toMatchObject({ field: 'delta' });
    const unknown = await subgraph.call(ADJUST, { input: { productId: 'p-10', warehouseId: 'wh-moon', delta: 1, reason: 'r' } }, worker);
    expect(unknown.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'warehouseId' });
    expect(await outboxEvents(db, 'inventory')).toEqual([]);
  });

  it('refuses an adjustStock the gateway did not sign with 401 UNAUTHENTICATED, writing nothing', async () => {
    const { rows: before } = await db.query("SELECT * FROM inventory.stock WHERE product_id = 'p-11' ORDER BY warehouse_id");
    const res = await subgraph.unsigned(ADJUST, { input: { productId: 'p-11', warehouseId: 'wh-berlin', delta: 1, reason: 'r' } });
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect((await db.query("SELECT * FROM inventory.stock WHERE product_id = 'p-11' ORDER BY warehouse_id")).rows).toEqual(before);
    expect(await outboxEvents(db, 'inventory')).toEqual([]);
  });
});

describe('inventory schema authorization', () => {
  // The gateway enforces what the subgraph's SDL declares; compose it as the gateway does.
  const composed = composeSupergraph(['catalog', 'inventory'].map((name) => ({ name, url: `http://${name}/graphql`, sdl: readSubgraphSdl(name) })));
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  const authorizer = createAuthorizer(composed.supergraphSdl);
  const codesFor = (query: string, identity: Identity) =>
    authorizer.authorize(parse(query), undefined, identity).errors.map((e) => [e.extensions.code, e.path?.join('.')]);
  const adjust = 'mutation { adjustStock(input: {productId: "p-1", warehouseId: "wh-berlin", delta: 1, reason: "r"}) { onHand } }';
  const reserved = '{ product(id: "p-1") { stock { onHand reserved warehouses { reserved } } } }';

  it('lets a caller with inventory:write run adjustStock', () => {
    expect(codesFor(adjust, worker)).toEqual([]);
  });

  it('refuses adjustStock with FORBIDDEN to a signed-in caller without inventory:write, UNAUTHENTICATED to an anonymous one', () => {
    expect(codesFor(adjust, identityOf('mia', ['merchandiser'], []))).toEqual([['FORBIDDEN', 'adjustStock']]);
    expect(codesFor(adjust, ANONYMOUS)).toEqual([['UNAUTHENTICATED', 'adjustStock']]);
  });

  it('hides reserved stock from callers without inventory:read, keeping the rest of the stock', () => {
    expect(codesFor(reserved, identityOf('carl', ['customer'], []))).toEqual([
      ['FORBIDDEN', 'product.stock.reserved'], ['FORBIDDEN', 'product.stock.warehouses.reserved'],
    ]);
    expect(codesFor(reserved, identityOf('mia', ['merchandiser'], []))).toEqual([]);
  });
});
