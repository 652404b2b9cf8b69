// npm run bench -- checkout [--seconds=N] [--customers=N] — checkouts through the gateways of
// the multi-process stack (PostgreSQL, Redis, every subgraph and the payment simulator a
// process of its own): checkouts/s and p50/p95 of the checkout mutation (until the order is
// final) with both payment providers healthy (the baseline), with provider 1 (payvia) down,
// and with provider 1 slow (1.5 s per call, under its 2 s timeout), each as a ratio to the
// healthy run; then the hot-product race: 500 buyers for the last 100 units (50 in flight).
// Ends with the checkout invariants of the chaos run (oversold must be 0). Goal: p95 ≤ 1.5 s
// with one provider down.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { mintDevToken } from '../lib/auth/index.js';
import { loadConfig } from '../lib/config/index.js';
import { CHECKOUT_INVARIANTS, readCheckoutEvidence } from '../stack/chaos/checkoutInvariants.js';
import { checkoutProducts, type CheckoutRecord } from '../stack/chaos/checkouts.js';
import { postGraphQL } from '../stack/chaos/load.js';
import { percentile } from '../stack/chaos/stats.js';
import { startMultiProcessStack } from '../stack/multiProcess/startMultiProcessStack.js';
import { createScratchDatabase } from '../stack/scratchDatabase.js';
import { ensureServices } from '../stack/services.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, customers: { type: 'string', default: '16' } } });
const SECONDS = Number(values.seconds);
const CUSTOMERS = Number(values.customers);
const ADDRESS = { name: 'Bench Buyer', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };
const log = (line: string) => process.stdout.write(`${line}\n`);

const { databaseUrl, redisUrl } = await ensureServices();
const database = await createScratchDatabase(databaseUrl, 'cs_bench');
const keyPrefix = `bench:${randomUUID().slice(0, 8)}:`;
log('starting the multi-process stack…');
const stack = await startMultiProcessStack({ databaseUrl: database.url, redisUrl, products: 200, keyPrefix, baseEnv: process.env });
const pool = new pg.Pool({ connectionString: database.url, max: 2 });
const gateways = Object.values(stack.gatewayUrls);
const { auth } = loadConfig();
const tokens = await Promise.all(Array.from({ length: 500 }, (_, i) =>
  mintDevToken({ secret: stack.authSharedSecret, issuer: auth.issuer, audience: auth.audience, roles: ['customer'], subject: `bench-${i}` })));
const products = await checkoutProducts(pool, []);
const records: CheckoutRecord[] = [];

/** Sends one operation as customer `i` through gateway `i % n`; throws on any error. */
async function send(i: number, query: string, variables: Record<string, unknown>): Promise<any> {
  const url = gateways[i % gateways.length]!;
  const rec = await postGraphQL('gateway', url, 'bench', { query, variables }, { deadlineMs: 60_000, token: tokens[i % tokens.length] });
  if (rec.outcome !== 'ok') throw new Error(`${rec.outcome} ${rec.codes.join(',')}`);
  return rec.data;
}

/** A cart of customer `i` with one unit of `productId`. */
async function cartOf(i: number, productId: string): Promise<string> {
  const cartId = (await send(i, 'mutation { createCart(currency: "EUR") { id } }', {})).createCart.id as string;
  await send(i, 'mutation ($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 1) { id } }', { c: cartId, p: productId });
  return cartId;
}

/** Checks the cart out and waits for the order to be final; the time is the checkout's alone. */
async function checkout(i: number, cartId: string): Promise<CheckoutRecord> {
  const record: CheckoutRecord = { customer: `bench-${i}`, idempotencyKey: `bench-${randomUUID()}`, start: Date.now(), end: 0, failedRequests: 0 };
  records.push(record);
  try {
    let order = (await send(i, 'mutation ($input: CheckoutInput!) { checkout(input: $input) { id status failureCode } }', {
      input: { cartId, shippingAddress: ADDRESS, shippingOption: 'skyway:PRIORITY', paymentMethod: 'tok_ok', idempotencyKey: record.idempotencyKey },
    })).checkout;
    while (order.status === 'PENDING') {
      await new Promise((r) => setTimeout(r, 100));
      order = (await send(i, 'query ($id: ID!) { order(id: $id) { id status failureCode } }', { id: order.id })).order;
    }
    Object.assign(record, { orderId: order.id, status: order.status, failureCode: order.failureCode });
  } catch {
    record.failedRequests++;
  }
  record.end = Date.now();
  return record;
}

/** CUSTOMERS customers checking out in a loop for `seconds`. */
async function phase(seconds: number): Promise<CheckoutRecord[]> {
  const done: CheckoutRecord[] = [];
  const until = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: CUSTOMERS }, async (_, c) => {
    for (let n = 0; Date.now() < until; n++) {
      const i = c + n * CUSTOMERS;
      done.push(await checkout(i, await cartOf(i, products[i % products.length]!)));
    }
  }));
  return done;
}

const faults = (body: unknown) => fetch(`${stack.simulatorUrls.payments}/admin/faults/payvia`, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const NONE = { outage: 'none', latencyMs: 0 };
const summary = (name: string, rs: CheckoutRecord[], seconds: number) => {
  const placed = rs.filter((r) => r.status === 'PLACED');
  const ms = placed.map((r) => r.end - r.start);
  return { name, perSecond: placed.length / seconds, p50: percentile(ms, 50), p95: percentile(ms, 95), placed: placed.length, other: rs.length - placed.length };
};

try {
  log(`warm-up (${CUSTOMERS} customers, 5 s)…`);
  await phase(5);
  const rows = [];
  for (const [name, fault] of [['both providers healthy', NONE], ['payvia down', { ...NONE, outage: 'unavailable' }], ['payvia slow (1.5 s)', { ...NONE, latencyMs: 1500 }]] as const) {
    await faults(fault);
    log(`${name}: ${CUSTOMERS} customers for ${SECONDS} s…`);
    const startedAt = Date.now();
    const rs = await phase(SECONDS);
    rows.push(summary(name, rs, (Date.now() - startedAt) / 1000));
  }
  await faults(NONE);
  const base = rows[0]!;
  log('\n| run | checkouts/s | p50 ms | p95 ms | placed / other | throughput ÷ healthy | p95 ÷ healthy |');
  log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    log(`| ${r.name} | ${r.perSecond.toFixed(1)} | ${r.p50} | ${r.p95} | ${r.placed} / ${r.other} | ${(r.perSecond / base.perSecond).toFixed(2)}× | ${(r.p95 / base.p95).toFixed(2)}× |`);
  }

  // The hot-product race: the last 100 units, 500 buyers, 50 in flight.
  const hot = products[0]!;
  await pool.query('UPDATE inventory.stock SET on_hand = CASE WHEN warehouse_id = (SELECT min(warehouse_id) FROM inventory.stock WHERE product_id = $1) THEN 100 ELSE 0 END, reserved = 0 WHERE product_id = $1', [hot]);
  log(`\nrace: 500 buyers for the last 100 units of ${hot}…`);
  const carts: string[] = [];
  const inFlight = async (fn: (i: number) => Promise<unknown>) => {
    let next = 0;
    await Promise.all(Array.from({ length: 50 }, async () => { while (next < 500) await fn(next++); }));
  };
  await inFlight(async (i) => { carts[i] = await cartOf(i, hot); });
  const raceStarted = Date.now();
  const race: CheckoutRecord[] = [];
  await inFlight(async (i) => { race.push(await checkout(i, carts[i]!)); });
  const raceSeconds = (Date.now() - raceStarted) / 1000;
  const { rows: [stock] } = await pool.query<{ on_hand: number; reserved: number }>('SELECT sum(on_hand)::int AS on_hand, sum(reserved)::int AS reserved FROM inventory.stock WHERE product_id = $1', [hot]);
  const placed = race.filter((r) => r.status === 'PLACED').length;
  const outOfStock = race.filter((r) => r.failureCode === 'OUT_OF_STOCK').length;
  log(`race: ${placed} placed, ${outOfStock} OUT_OF_STOCK, ${race.length - placed - outOfStock} other in ${raceSeconds.toFixed(1)} s (${(race.length / raceSeconds).toFixed(1)} checkouts/s); stock left ${stock!.on_hand} on hand, ${stock!.reserved} reserved; oversold ${Math.max(0, placed - 100)}`);

  // Every invariant of the chaos run over everything this bench did.
  while ((await pool.query(`SELECT 1 FROM orders.checkout_sagas WHERE state <> 'done' UNION ALL SELECT 1 FROM orders.outbox`)).rowCount! > 0) await new Promise((r) => setTimeout(r, 200));
  const evidence = await readCheckoutEvidence({ pool, paymentSimulatorUrl: stack.simulatorUrls.payments!, carrierSimulatorUrl: stack.simulatorUrls.shipping!, redisUrl, keyPrefix, checkouts: records.filter((r) => !race.includes(r)) });
  const results = CHECKOUT_INVARIANTS.map((check) => check(evidence));
  for (const r of results) log(`${r.violations.length === 0 ? 'PASS' : 'FAIL'}  ${r.name} (${r.notes.join('; ')})${r.violations.map((v) => `\n      ${v}`).join('')}`);
  if (placed !== 100 || stock!.on_hand !== 0 || stock!.reserved !== 0 || results.some((r) => r.violations.length > 0)) {
    log('FAIL: an invariant broke');
    process.exitCode = 1;
  }
} finally {
  await pool.end();
  await stack.close();
  await database.drop();
}
