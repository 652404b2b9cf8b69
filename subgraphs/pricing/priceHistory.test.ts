import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf } from '../../lib/auth/index.js';
import type { Db } from '../../lib/db/index.js';
import { errorCodes } from '../../test/helpers/graphql.js';
import { openStoreDb, serveStoreSubgraph, type ServedSubgraph } from '../../test/helpers/storeSubgraphHarness.js';
import { DB_KINDS } from '../../test/helpers/testDb.js';
import { pricingSubgraph } from './index.js';
import { lowestAmount, type PriceState } from './priceHistory.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const at = (days: number) => new Date(T0 + days * DAY);
const state = (from: number, to: number | null, list: number, sale?: { amount: number; from?: number; to?: number }): PriceState => ({
  seq: from, validFrom: at(from), validTo: to === null ? null : at(to), listAmount: list, saleAmount: sale?.amount ?? null,
  saleValidFrom: sale?.from === undefined ? null : at(sale.from), saleValidTo: sale?.to === undefined ? null : at(sale.to), version: 1, changedBy: null,
});

describe('lowestAmount', () => {
  it('takes the lowest amount that applied at any moment of the interval, sale windows included', () => {
    const states = [state(0, 10, 1000), state(10, 20, 900, { amount: 700, from: 12, to: 14 }), state(20, null, 950)];
    expect(lowestAmount(states, at(0), at(30))).toBe(700);
    // The sale window lies outside the interval: only list amounts count.
    expect(lowestAmount(states, at(14), at(30))).toBe(900);
    expect(lowestAmount(states, at(20), at(30))).toBe(950);
    // A removed price (no amounts) and an interval before any state count for nothing.
    expect(lowestAmount([{ ...state(0, 5, 1), listAmount: null }], at(0), at(5))).toBeNull();
    expect(lowestAmount(states, at(-10), at(0))).toBeNull();
  });
});

const PRICE_AT = `query ($r: [_Any!]!, $at: String, $currency: String) { _entities(representations: $r) { ... on Product {
  price(currency: $currency, at: $at) { amount onSale version list { amount } updatedAt } } } }`;
const HISTORY = `query ($r: [_Any!]!, $from: String, $to: String, $first: Int, $after: String) { _entities(representations: $r) { ... on Product {
  priceHistory(from: $from, to: $to, first: $first, after: $after) { nodes { validFrom validTo changedBy price { list { amount } sale { amount } version } } pageInfo { hasNextPage endCursor } } } } }`;
const LOWEST = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { lowestPrice30d { amount currency } price { amount onSale } } } }`;
const SET_PRICE = 'mutation ($input: SetPriceInput!) { setPrice(input: $input) { version updatedAt } }';
const merchandiser = identityOf('mia', ['merchandiser'], []);
const ref = (id: string) => [{ __typename: 'Product', id }];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DB_KINDS)('price history on %s', (kind) => {
  let db: Db;
  let subgraph: ServedSubgraph;
  beforeAll(async () => {
    db = await openStoreDb(kind, { products: 10 });
    subgraph = await serveStoreSubgraph(pricingSubgraph, db);
  });
  afterAll(async () => {
    await subgraph?.close();
    await db?.close();
  });
  const priceAt = async (id: string, time: string, currency = 'EUR') => subgraph.call(PRICE_AT, { r: ref(id), at: time, currency });

  it('answers the price as it stood at any moment since its history began, and who changed it', async () => {
    const seeded = (await priceAt('p-1', new Date().toISOString())).body.data._entities[0].price;
    const first = await subgraph.call(SET_PRICE, { input: { productId: 'p-1', currency: 'EUR', listAmount: 1111 } }, merchandiser);
    await sleep(5);
    const between = new Date().toISOString();
    await sleep(5);
    await subgraph.call(SET_PRICE, { input: { productId: 'p-1', currency: 'EUR', listAmount: 2222 } }, merchandiser);
    expect((await priceAt('p-1', between)).body.data._entities[0].price).toMatchObject({ amount: 1111, version: first.body.data.setPrice.version });
    expect((await priceAt('p-1', new Date().toISOString())).body.data._entities[0].price).toMatchObject({ amount: 2222 });
    const { rows } = await db.query<{ changed_by: string | null; list_amount: number }>(
      "SELECT changed_by, list_amount FROM pricing.price_history WHERE product_id = 'p-1' AND currency = 'EUR' ORDER BY seq");
    expect(rows.map((r) => [r.list_amount, r.changed_by])).toEqual([[seeded.list.amount, null], [1111, 'mia'], [2222, 'mia']]);
  });

  it('applies the sale of a past state as it applied then', async () => {
    const now = Date.now();
    await subgraph.call(SET_PRICE, { input: { productId: 'p-2', currency: 'EUR', listAmount: 1000, saleAmount: 800, saleValidTo: new Date(now + 60_000).toISOString() } }, merchandiser);
    expect((await priceAt('p-2', new Date().toISOString())).body.data._entities[0].price).toMatchObject({ amount: 800, onSale: true });
  });

  it('answers HISTORY_NOT_AVAILABLE before the first recorded state, null where never priced, BAD_USER_INPUT for the future or a non-time', async () => {
    const before = await priceAt('p-3', '2000-01-01T00:00:00Z');
    expect(errorCodes(before)).toEqual(['HISTORY_NOT_AVAILABLE']);
    expect(before.body.errors![0]!.extensions!.historyStartsAt).toMatch(/^\d{4}-/);
    expect((await priceAt('p-3', new Date().toISOString(), 'JPY')).body.data._entities[0].price).toBeNull();
    expect(errorCodes(await priceAt('p-3', new Date(Date.now() + DAY).toISOString()))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await priceAt('p-3', 'yesterday'))).toEqual(['BAD_USER_INPUT']);
  });

  it('pages through the states in force over an interval, oldest first', async () => {
    const from = new Date().toISOString();
    for (const amount of [501, 502, 503]) await subgraph.call(SET_PRICE, { input: { productId: 'p-4', currency: 'EUR', listAmount: amount } }, merchandiser);
    const page1 = (await subgraph.call(HISTORY, { r: ref('p-4'), from, first: 2 })).body.data._entities[0].priceHistory;
    // The seeded state was in force at `from`, then the three writes.
    expect(page1.nodes.map((n: { price: { list: { amount: number } } }) => n.price.list.amount).slice(1)).toEqual([501]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await subgraph.call(HISTORY, { r: ref('p-4'), from, first: 2, after: page1.pageInfo.endCursor })).body.data._entities[0].priceHistory;
    expect(page2.nodes.map((n: { price: { list: { amount: number } } }) => n.price.list.amount)).toEqual([502, 503]);
    expect(page2.nodes.map((n: { changedBy: string | null }) => n.changedBy)).toEqual(['mia', 'mia']);
    expect(page2.nodes.at(-1).validTo).toBeNull();
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(page1.nodes[1].validTo).toBe(page2.nodes[0].validFrom);
  });

  it('shows the lowest price of the 30 days before the current reduction while a sale applies, null otherwise', async () => {
    // A history made in the past: 1200 for a long time, 999 for a week 20 days ago, back to 1200, then a sale of 900 today.
    await db.query("DELETE FROM pricing.prices WHERE product_id = 'p-5' AND currency = 'EUR'");
    await db.query(`INSERT INTO pricing.price_history (product_id, currency, valid_from, list_amount, version) VALUES
      ('p-5', 'EUR', now() - interval '90 days', 1200, 1), ('p-5', 'EUR', now() - interval '20 days', 999, 2), ('p-5', 'EUR', now() - interval '13 days', 1200, 3)`);
    await db.query(`INSERT INTO pricing.prices (product_id, currency, list_amount, version) VALUES ('p-5', 'EUR', 1200, 3)`);
    expect((await subgraph.call(LOWEST, { r: ref('p-5') })).body.data._entities[0].lowestPrice30d).toBeNull();
    await subgraph.call(SET_PRICE, { input: { productId: 'p-5', currency: 'EUR', listAmount: 1200, saleAmount: 900 } }, merchandiser);
    const onSale = (await subgraph.call(LOWEST, { r: ref('p-5') })).body.data._entities[0];
    expect(onSale.price).toMatchObject({ amount: 900, onSale: true });
    expect(onSale.lowestPrice30d).toEqual({ amount: 999, currency: 'EUR' });
    // A list price change during the sale is no new reduction: the window stays before the sale began.
    await subgraph.call(SET_PRICE, { input: { productId: 'p-5', currency: 'EUR', listAmount: 1300, saleAmount: 900 } }, merchandiser);
    expect((await subgraph.call(LOWEST, { r: ref('p-5') })).body.data._entities[0].lowestPrice30d).toEqual({ amount: 999, currency: 'EUR' });
  });
});
