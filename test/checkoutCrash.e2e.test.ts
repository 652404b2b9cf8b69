// The orders and payments processes killed (SIGKILL) while checkout sagas are in each step:
// on restart every saga reaches a final state, with no reservation or authorization left
// behind and nothing charged twice (the checkout invariants of the chaos run, checked against
// PostgreSQL and the payment simulator's own ledger). The stack runs as separate processes.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../lib/auth/index.js';
import { loadConfig } from '../lib/config/index.js';
import { CHECKOUT_INVARIANTS, readCheckoutEvidence } from '../stack/chaos/checkoutInvariants.js';
import { checkoutJourney, checkoutProducts, type CheckoutOptions, type CheckoutRecord } from '../stack/chaos/checkouts.js';
import { startMultiProcessStack, type MultiProcessStack } from '../stack/multiProcess/startMultiProcessStack.js';
import { waitFor } from './helpers/events.js';
import { deleteKeys, randomPrefix, testRedisUrl } from './helpers/redis.js';
import { createTestDatabase } from './helpers/testDb.js';

const BUYERS = 10;

describe('checkout across process crashes', { timeout: 600_000 }, () => {
  let database: { url: string; drop(): Promise<void> };
  let stack: MultiProcessStack;
  let pool: pg.Pool;
  let buyers: CheckoutOptions;
  const keyPrefix = randomPrefix();
  const records: CheckoutRecord[] = [];
  let next = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    stack = await startMultiProcessStack({
      databaseUrl: database.url, redisUrl: testRedisUrl(), products: 40, keyPrefix, gateways: 1,
      baseEnv: { PATH: process.env.PATH, HOME: process.env.HOME },
      // A restarted process resumes the dead one's sagas once their lease ran out.
      env: { CHECKOUT_SAGA_LEASE_MS: '3000' },
    });
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const { auth } = loadConfig();
    const tokens = await Promise.all(Array.from({ length: BUYERS }, async (_, i) => ({
      subject: `buyer-${i}`,
      token: await mintDevToken({ secret: stack.authSharedSecret, issuer: auth.issuer, audience: auth.audience, roles: ['customer'], subject: `buyer-${i}` }),
    })));
    buyers = { gateways: Object.entries(stack.gatewayUrls), tokens, products: await checkoutProducts(pool, []) };
    // Slower providers and carriers widen each step, so the kill lands inside one.
    const admin = (url: string, path: string, body: unknown) => fetch(`${url}/admin/${path}`, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    await admin(stack.simulatorUrls.payments!, 'faults/payvia', { latencyMs: 300 });
    await admin(stack.simulatorUrls.shipping!, 'faults/skyway', { latencyMs: 200 });
  }, 180_000);
  afterAll(async () => {
    await pool?.end();
    await stack?.close();
    await database?.drop();
    await deleteKeys(testRedisUrl(), keyPrefix);
  });

  /** Starts BUYERS checkouts, kills `processName` once a saga is in `step`, restarts it, and waits for every checkout to end. */
  async function killDuring(processName: string, step: string) {
    const journeys = Array.from({ length: BUYERS }, () => checkoutJourney(buyers, next++, (r) => records.push(r)));
    await waitFor(async () => (await pool.query(`SELECT 1 FROM orders.saga_steps WHERE step = $1 AND status = 'started'`, [step])).rowCount! > 0,
      30_000, `a saga in ${step}`);
    await stack.supervisor.kill(processName);
    await stack.supervisor.start(processName, 120_000);
    const done = await Promise.all(journeys);
    await waitFor(async () => (await pool.query(`SELECT 1 FROM orders.checkout_sagas WHERE state <> 'done'`)).rowCount === 0, 60_000, 'every saga to finish');
    return done;
  }

  /** Every checkout invariant over everything so far. */
  async function expectInvariants() {
    await waitFor(async () => (await pool.query('SELECT 1 FROM orders.outbox')).rowCount === 0, 30_000, 'the orders outbox to drain');
    const evidence = await readCheckoutEvidence({ pool, paymentSimulatorUrl: stack.simulatorUrls.payments!, carrierSimulatorUrl: stack.simulatorUrls.shipping!, redisUrl: testRedisUrl(), keyPrefix, checkouts: records });
    for (const check of CHECKOUT_INVARIANTS) {
      const result = check(evidence);
      expect(result.violations, `${result.name}\n  ${result.notes.join('\n  ')}`).toEqual([]);
    }
  }

  for (const step of ['price', 'reserve', 'authorize', 'ship', 'confirm']) {
    it(`kill -9 orders while a saga is in ${step}: every checkout ends placed, nothing left behind`, async () => {
      const done = await killDuring('orders', step);
      expect(done.map((r) => r.status)).toEqual(done.map(() => 'PLACED'));
      await expectInvariants();
    });
  }

  it('kill -9 payments while a saga authorizes: every checkout ends placed, charged once', async () => {
    const done = await killDuring('payments', 'authorize');
    expect(done.map((r) => r.status)).toEqual(done.map(() => 'PLACED'));
    await expectInvariants();
  });

  it('kill -9 shipping while a saga books its label: every checkout ends placed, one label each', async () => {
    const done = await killDuring('shipping', 'ship');
    expect(done.map((r) => r.status)).toEqual(done.map(() => 'PLACED'));
    await expectInvariants();
    // The carrier simulator's process pushes each parcel's journey to the (restarted) shipping process.
    await waitFor(async () => (await pool.query(`SELECT 1 FROM shipping.shipments WHERE status = 'DELIVERED'`)).rowCount! > 0, 60_000, 'a parcel tracked to DELIVERED');
  });
});
