// npm run bench -- timeTravel [--products=10000] [--states=2000000] [--samples=400]
//
// Time travel at the subgraph (docs/time-travel.md): a scratch PostgreSQL database with the
// sample store, `--states` price and stock states spread over a simulated year (half each; EUR
// prices of every product, stock in one warehouse, a sale now and then), then p50/p95 of
// `price(at:)`, `priceHistory` (one month), `lowestPrice30d`, `stock(at:)` and `stockHistory`
// (one month), one request at a time against the pricing and inventory subgraphs, beside the
// current `price` and `stock` in the same run (the baseline). Also: storage per state, and
// setPrice throughput with the history trigger against the same writes with it disabled.
// Goals (issue 17): price(at:) p95 ≤ 5 ms, lowestPrice30d p95 ≤ 10 ms.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { identityOf } from '../lib/auth/index.js';
import { createPgDb } from '../lib/db/index.js';
import { migrateSubgraph } from '../lib/subgraph/index.js';
import { createScratchDatabase } from '../stack/scratchDatabase.js';
import { seedSampleStore } from '../stack/sampleStore.js';
import { ensureServices } from '../stack/services.js';
import { percentile } from '../stack/chaos/stats.js';
import { inventorySubgraph } from '../subgraphs/inventory/index.js';
import { pricingSubgraph } from '../subgraphs/pricing/index.js';
import { serveStoreSubgraph, type ServedSubgraph } from '../test/helpers/storeSubgraphHarness.js';

const { values } = parseArgs({ options: {
  products: { type: 'string', default: '10000' }, states: { type: 'string', default: '2000000' }, samples: { type: 'string', default: '400' },
} });
const PRODUCTS = Number(values.products);
const STATES = Number(values.states);
const SAMPLES = Number(values.samples);
const DAY = 86_400_000;
const log = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();

const { databaseUrl } = await ensureServices();
const database = await createScratchDatabase(databaseUrl, 'cs_bench');
const db = createPgDb(database.url, { max: 4 });
try {
  for (const name of ['catalog', 'pricing', 'inventory'] as const) await migrateSubgraph(db, name);
  await seedSampleStore(db, { products: PRODUCTS });
  const warehouse = (await db.query<{ id: string }>('SELECT id FROM inventory.warehouses ORDER BY id LIMIT 1')).rows[0]!.id;

  // A simulated year of states, written straight into the history tables in chunks of products.
  const perKey = Math.max(1, Math.floor(STATES / 2 / PRODUCTS));
  log(`${PRODUCTS} products; ${perKey} EUR price states and ${perKey} stock states (${warehouse}) per product over the past year (${(perKey * PRODUCTS * 2).toLocaleString('en')} states)`);
  const chunk = Math.max(1, Math.floor(200_000 / perKey));
  const fillStart = Date.now();
  for (let from = 1; from <= PRODUCTS; from += chunk) {
    const to = Math.min(PRODUCTS, from + chunk - 1);
    const span = `(365 * 86400000.0 / ${perKey})`;
    await db.query(`INSERT INTO pricing.price_history (product_id, currency, valid_from, list_amount, sale_amount, sale_valid_from, sale_valid_to, version)
      SELECT 'p-' || p, 'EUR', now() - interval '366 days' + (i * ${span}) * interval '1 millisecond',
             1000 + ((p * 7 + i * 13) % 500), CASE WHEN i % 10 = 0 THEN 800 + (p % 150) END,
             NULL, CASE WHEN i % 10 = 0 THEN now() - interval '366 days' + ((i + 1) * ${span}) * interval '1 millisecond' END, i
      FROM generate_series($1::int, $2::int) p, generate_series(1, ${perKey}) i`, [from, to]);
    await db.query(`INSERT INTO inventory.stock_history (product_id, warehouse_id, valid_from, on_hand, reserved, version)
      SELECT 'p-' || p, $3, now() - interval '366 days' + (i * ${span}) * interval '1 millisecond', 50 + ((p + i) % 40), (p + i) % 5, i
      FROM generate_series($1::int, $2::int) p, generate_series(1, ${perKey}) i`, [from, to, warehouse]);
    const done = to / PRODUCTS;
    const elapsed = (Date.now() - fillStart) / 1000;
    process.stdout.write(`\r  filling: ${(done * 100).toFixed(0)}% (${to.toLocaleString('en')}/${PRODUCTS.toLocaleString('en')} products, ${((to * perKey * 2) / elapsed).toFixed(0)} states/s, ETA ${(elapsed / done - elapsed).toFixed(0)} s)   `);
  }
  process.stdout.write('\n');
  await db.query('ANALYZE pricing.price_history');
  await db.query('ANALYZE inventory.stock_history');
  const size = async (table: string) => (await db.query<{ bytes: string; n: string }>(
    `SELECT pg_total_relation_size('${table}') AS bytes, (SELECT count(*) FROM ${table}) AS n`)).rows[0]!;
  const priceSize = await size('pricing.price_history');
  const stockSize = await size('inventory.stock_history');

  const pricing = await serveStoreSubgraph(pricingSubgraph, db);
  const inventory = await serveStoreSubgraph(inventorySubgraph, db);
  const staff = identityOf('bench', ['admin'], []);
  const randomProduct = () => `p-${1 + Math.floor(Math.random() * PRODUCTS)}`;
  const randomPast = (minDaysAgo = 0) => new Date(Date.now() - (minDaysAgo + Math.random() * (360 - minDaysAgo)) * DAY).toISOString();
  const entity = (field: string, args: string) => {
    const variables = ['at', 'from', 'to'].filter((v) => args.includes(`$${v}`)).map((v) => `, $${v}: String`).join('');
    return `query ($r: [_Any!]!${variables}) { _entities(representations: $r) { ... on Product { ${field}${args} } } }`;
  };
  const measure = async (served: ServedSubgraph, query: string, variables: () => Record<string, unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < SAMPLES + 20; i++) {
      const t = performance.now();
      const res = await served.call(query, { r: [{ __typename: 'Product', id: randomProduct() }], ...variables() }, staff);
      if (res.body.errors) throw new Error(JSON.stringify(res.body.errors[0]));
      if (i >= 20) times.push(performance.now() - t); // the first 20 warm up
    }
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  };
  const month = () => {
    const from = Date.now() - (30 + Math.random() * 330) * DAY;
    return { from: new Date(from).toISOString(), to: new Date(from + 30 * DAY).toISOString() };
  };
  const rows: [string, { p50: number; p95: number }, string][] = [];
  const price = await measure(pricing, entity('price', ' { amount onSale }'), () => ({}));
  rows.push(['price (now; baseline)', price, '']);
  rows.push(['price(at:)', await measure(pricing, entity('price', '(at: $at) { amount onSale version }'), () => ({ at: randomPast() })), '≤ 5 ms']);
  rows.push(['priceHistory (one month)', await measure(pricing, entity('priceHistory', '(from: $from, to: $to, first: 100) { nodes { validFrom price { list { amount } sale { amount } } } }'), month), '']);
  // A sale running now on every product measured, so lowestPrice30d has a reduction to look behind.
  await db.query(`UPDATE pricing.prices SET sale_amount = least(list_amount, 700), sale_valid_from = NULL, sale_valid_to = NULL WHERE currency = 'EUR'`);
  rows.push(['lowestPrice30d', await measure(pricing, entity('lowestPrice30d', ' { amount }'), () => ({})), '≤ 10 ms']);
  const stock = await measure(inventory, entity('stock', ' { onHand available }'), () => ({}));
  rows.push(['stock (now; baseline)', stock, '']);
  rows.push(['stock(at:)', await measure(inventory, entity('stock', '(at: $at) { onHand available warehouses { onHand } }'), () => ({ at: randomPast() })), '']);
  rows.push([`stockHistory (one month, ${warehouse})`, await measure(inventory, entity('stockHistory', `(warehouseId: "${warehouse}", from: $from, to: $to, first: 100) { nodes { validFrom onHand } }`), month), '']);

  // The trigger's cost on writes: the same setPrice calls with the history trigger on and off.
  const SET_PRICE = 'mutation ($input: SetPriceInput!) { setPrice(input: $input) { version } }';
  const writes = async () => {
    const t = performance.now();
    for (let i = 0; i < 300; i++) {
      await pricing.call(SET_PRICE, { input: { productId: randomProduct(), currency: 'EUR', listAmount: 1000 + i } }, staff);
    }
    return 300 / ((performance.now() - t) / 1000);
  };
  const withHistory: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < 3; round++) {
    withHistory.push(await writes());
    await db.query('ALTER TABLE pricing.prices DISABLE TRIGGER prices_history_update');
    without.push(await writes());
    await db.query('ALTER TABLE pricing.prices ENABLE TRIGGER prices_history_update');
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  await pricing.close();
  await inventory.close();

  const fmt = (n: number) => n.toFixed(2);
  log('');
  log(`| query (${SAMPLES} requests each, one at a time, at the subgraph over HTTP) | p50 ms | p95 ms | p95 × baseline | goal |`);
  log('| --- | ---: | ---: | ---: | --- |');
  for (const [name, r, goal] of rows) {
    const base = name.startsWith('stock') ? stock : price;
    log(`| ${name} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p95 / base.p95)} | ${goal}${goal ? (r.p95 <= Number(goal.replace(/[^\d.]/g, '')) ? ' (met)' : ' (missed)') : ''} |`);
  }
  log('');
  log(`storage: pricing.price_history ${Number(priceSize.n).toLocaleString('en')} states, ${(Number(priceSize.bytes) / Number(priceSize.n)).toFixed(0)} bytes each (indexes included); inventory.stock_history ${Number(stockSize.n).toLocaleString('en')} states, ${(Number(stockSize.bytes) / Number(stockSize.n)).toFixed(0)} bytes each`);
  log(`setPrice with the history trigger: ${median(withHistory).toFixed(0)} writes/s; without: ${median(without).toFixed(0)} writes/s (× ${(median(withHistory) / median(without)).toFixed(2)}; median of 3 rounds of 300)`);
  log(`${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · Node ${process.version} · ${Math.round((Date.now() - started) / 1000)} s`);
} finally {
  await db.close();
  await database.drop();
}
