import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS, createAuthorizer, identityOf } from '../../lib/auth/index.js';
import type { Db } from '../../lib/db/index.js';
import { composeSupergraph } from '../../lib/schema/index.js';
import { readSubgraphSdl } from '../../lib/subgraph/index.js';
import { errorCodes } from '../../test/helpers/graphql.js';
import { clearOutboxes, openStoreDb, outboxEvents, serveStoreSubgraph, type ServedSubgraph } from '../../test/helpers/storeSubgraphHarness.js';
import { DB_KINDS } from '../../test/helpers/testDb.js';
import { pricingSubgraph } from './index.js';

const PRICES = `query ($r: [_Any!]!, $currency: String) { _entities(representations: $r) { ... on Product {
  id price(currency: $currency) { amount currency onSale version } prices { currency } } } }`;
const SET_PRICE = `mutation ($input: SetPriceInput!) { setPrice(input: $input) {
  amount currency list { amount currency } sale { amount currency } saleValidFrom saleValidTo onSale version updatedAt } }`;
const merchandiser = identityOf('mia', ['merchandiser'], []);
const refs = (...ids: string[]) => ids.map((id) => ({ __typename: 'Product', id }));
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
const DAY = 86_400_000;

describe.each(DB_KINDS)('pricing resolvers on %s', (kind) => {
  let db: Db;
  let subgraph: ServedSubgraph;
  beforeAll(async () => {
    db = await openStoreDb(kind, { products: 20 });
    subgraph = await serveStoreSubgraph(pricingSubgraph, db);
  });
  afterAll(async () => {
    await subgraph?.close();
    await db?.close();
  });
  beforeEach(async () => {
    await clearOutboxes(db);
  });

  it('resolves the prices of many Product references with one SQL statement', async () => {
    subgraph.resetStatements();
    const res = await subgraph.call(PRICES, { r: refs('p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-404') });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities.map((p: { id: string }) => p.id)).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-404']);
    expect(res.body.data._entities[0].prices).toEqual([{ currency: 'EUR' }, { currency: 'GBP' }, { currency: 'USD' }]);
    expect(res.body.data._entities[0].price).toMatchObject({ currency: 'EUR' });
    expect(res.body.data._entities[5]).toEqual({ id: 'p-404', price: null, prices: [] });
    expect(subgraph.statements).toHaveLength(1);
  });

  it('answers price in the currency asked for, null when the product has none in it', async () => {
    const { rows } = await db.query<{ list_amount: number }>("SELECT list_amount FROM pricing.prices WHERE product_id = 'p-9' AND currency = 'GBP'");
    await db.query("UPDATE pricing.prices SET sale_amount = NULL WHERE product_id = 'p-9' AND currency = 'GBP'");
    const gbp = await subgraph.call(PRICES, { r: refs('p-9'), currency: 'GBP' });
    expect(gbp.body.data._entities[0].price).toMatchObject({ currency: 'GBP', amount: rows[0]!.list_amount, onSale: false });
    const yen = await subgraph.call(PRICES, { r: refs('p-9'), currency: 'JPY' });
    expect(yen.body.data._entities[0].price).toBeNull();
  });

  it('fails price with BAD_USER_INPUT for a currency that is not ISO 4217', async () => {
    const res = await subgraph.call(PRICES, { r: refs('p-1'), currency: 'EURO' });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors![0]!.extensions).toMatchObject({ field: 'currency' });
  });

  it('charges the sale price only inside its validity window', async () => {
    const current = await subgraph.call(SET_PRICE, { input: { productId: 'p-10', currency: 'EUR', listAmount: 2000, saleAmount: 1500,
      saleValidFrom: iso(-DAY), saleValidTo: iso(DAY) } }, merchandiser);
    expect(current.body.data.setPrice).toMatchObject({
      amount: 1500, list: { amount: 2000, currency: 'EUR' }, sale: { amount: 1500, currency: 'EUR' }, onSale: true });
    const future = await subgraph.call(SET_PRICE, { input: { productId: 'p-10', currency: 'EUR', listAmount: 2000, saleAmount: 1500,
      saleValidFrom: iso(DAY) } }, merchandiser);
    expect(future.body.data.setPrice).toMatchObject({ amount: 2000, sale: { amount: 1500 }, onSale: false, saleValidTo: null });
    expect(future.body.data.setPrice.saleValidFrom).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const ended = await subgraph.call(SET_PRICE, { input: { productId: 'p-10', currency: 'EUR', listAmount: 2000, saleAmount: 1500,
      saleValidTo: iso(-1000) } }, merchandiser);
    expect(ended.body.data.setPrice).toMatchObject({ amount: 2000, onSale: false });
  });

  it('sets a price through the mutation, returning its new version, with one outbox event', async () => {
    const res = await subgraph.call(SET_PRICE, { input: { productId: 'p-11', currency: 'USD', listAmount: 4999, expectedVersion: 1 } }, merchandiser);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.setPrice).toMatchObject({ amount: 4999, currency: 'USD', sale: null, onSale: false, version: 2 });
    const events = await outboxEvents(db, 'pricing');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject: 'p-11', data: { currency: 'USD', after: { listAmount: 4999, version: 2 } } });
  });

  it('reports a stale expectedVersion as CONFLICT with the current version, writing nothing', async () => {
    const res = await subgraph.call(SET_PRICE, { input: { productId: 'p-12', currency: 'EUR', listAmount: 1, expectedVersion: 7 } }, merchandiser);
    expect(res.body.data).toBeNull();
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect(res.body.errors![0]!.extensions).toMatchObject({ productId: 'p-12', currentVersion: 1 });
    expect(await outboxEvents(db, 'pricing')).toEqual([]);
  });

  it('reports invalid input as BAD_USER_INPUT with the field, writing nothing', async () => {
    const res = await subgraph.call(SET_PRICE, { input: { productId: 'p-12', currency: 'EUR', listAmount: 100, saleAmount: 200 } }, merchandiser);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors![0]!.extensions).toMatchObject({ field: 'saleAmount' });
    const unknown = await subgraph.call(SET_PRICE, { input: { productId: 'p-404', currency: 'EUR', listAmount: 100 } }, merchandiser);
    expect(unknown.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId' });
    expect(await outboxEvents(db, 'pricing')).toEqual([]);
  });

  it('refuses a setPrice the gateway did not sign with 401 UNAUTHENTICATED, writing nothing', async () => {
    const { rows: before } = await db.query("SELECT * FROM pricing.prices WHERE product_id = 'p-13' ORDER BY currency");
    const res = await subgraph.unsigned(SET_PRICE, { input: { productId: 'p-13', currency: 'EUR', listAmount: 1 } });
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect((await db.query("SELECT * FROM pricing.prices WHERE product_id = 'p-13' ORDER BY currency")).rows).toEqual(before);
    expect(await outboxEvents(db, 'pricing')).toEqual([]);
  });
});

describe('pricing schema authorization', () => {
  // The gateway enforces what the subgraph's SDL declares; compose it as the gateway does.
  const composed = composeSupergraph(['catalog', 'pricing'].map((name) => ({ name, url: `http://${name}/graphql`, sdl: readSubgraphSdl(name) })));
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  const authorizer = createAuthorizer(composed.supergraphSdl);
  const codesFor = (identity: Parameters<typeof authorizer.authorize>[2]) =>
    authorizer.authorize(parse('mutation { setPrice(input: {productId: "p-1", currency: "EUR", listAmount: 1}) { amount } }'), undefined, identity)
      .errors.map((e) => e.extensions.code);

  it('lets a caller with pricing:write run setPrice', () => {
    expect(codesFor(merchandiser)).toEqual([]);
    expect(codesFor(identityOf('ops', [], ['pricing:write']))).toEqual([]);
  });

  it('refuses setPrice with FORBIDDEN to a signed-in caller without pricing:write', () => {
    expect(codesFor(identityOf('wendy', ['warehouse'], []))).toEqual(['FORBIDDEN']);
    expect(codesFor(identityOf('carl', ['customer'], []))).toEqual(['FORBIDDEN']);
  });

  it('refuses setPrice with UNAUTHENTICATED to an anonymous caller', () => {
    expect(codesFor(ANONYMOUS)).toEqual(['UNAUTHENTICATED']);
  });
});
