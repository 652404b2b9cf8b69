// Fault tests of the change pipeline on real PostgreSQL and Redis: a relay killed between
// publish and mark, and Redis killed and restarted while events are written.
import { STORE_SUBGRAPH_NAMES } from '../lib/config/index.js';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgDb, type Db } from '../lib/db/index.js';
import {
  createRedisEventLog, startDurableConsumer, startOutboxRelay, streamOf, type EventLog,
} from '../lib/events/index.js';
import { migrateSubgraph } from '../lib/subgraph/index.js';
import { fromRoot } from '../lib/paths.js';
import { seedSampleStore } from '../stack/sampleStore.js';
import { waitFor } from './helpers/events.js';
import { deleteKeys, randomPrefix, startPrivateRedis, testRedisUrl } from './helpers/redis.js';
import { createTestDatabase } from './helpers/testDb.js';

const PRICE = 'commerce.pricing.price_changed.v1' as const;

async function seededDatabase(cleanup: (() => Promise<void>)[], products: number): Promise<{ url: string; db: Db }> {
  const database = await createTestDatabase();
  const db = createPgDb(database.url, { max: 4 });
  cleanup.push(async () => { await db.close(); await database.drop(); });
  for (const name of STORE_SUBGRAPH_NAMES) await migrateSubgraph(db, name);
  await seedSampleStore(db, { products });
  return { url: database.url, db };
}

/** A consumer that records how often each event id was applied. */
async function countingConsumer(log: EventLog, cleanup: (() => Promise<void>)[]) {
  const applied = new Map<string, number>();
  const consumer = await startDurableConsumer({
    log, group: 'applier', consumer: 'c1', types: [PRICE], startFrom: '0', blockMs: 100, claimIdleMs: 1000,
    handle: (e) => void applied.set(e.id, (applied.get(e.id) ?? 0) + 1),
  });
  cleanup.push(() => consumer.stop());
  return applied;
}

const outboxSize = async (db: Db) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pricing.outbox')).rows[0]!.n;

describe('change pipeline faults', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  it('a relay killed between publish and mark loses nothing, and no event is applied twice', async () => {
    const { url: databaseUrl, db } = await seededDatabase(cleanup, 60);
    const redisUrl = testRedisUrl();
    const keyPrefix = randomPrefix();
    const log = createRedisEventLog({ url: redisUrl, keyPrefix });
    cleanup.push(async () => { await log.close(); await deleteKeys(redisUrl, keyPrefix); });
    const applied = await countingConsumer(log, cleanup);
    await db.query('UPDATE pricing.prices SET list_amount = list_amount + 1'); // 180 events in one transaction

    const child = spawn(process.execPath, ['--import', 'tsx', fromRoot('test', 'fixtures', 'relayProcess.ts'),
      JSON.stringify({ databaseUrl, redisUrl, keyPrefix, batchSize: 100, crashAfterPublish: true })], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_, s) => resolve(s)));
    expect(signal).toBe('SIGKILL');
    expect(output).toContain('published 100');
    // Its batch reached Redis but was never marked: every row is still in the outbox.
    expect((await log.range(streamOf(PRICE), '0', 1000)).length).toBe(100);
    expect(await outboxSize(db)).toBe(180);

    const relay = await startOutboxRelay({ db, log, batchSize: 100, pollIntervalMs: 50 });
    cleanup.push(() => relay.stop());
    await waitFor(async () => (await outboxSize(db)) === 0, 10_000, 'the restarted relay to empty the outbox');
    await waitFor(() => applied.size === 180, 10_000, 'all 180 events applied');
    const entries = await log.range(streamOf(PRICE), '0', 1000);
    expect(entries.length).toBe(280); // the first 100 twice: at-least-once on the stream
    await new Promise((r) => setTimeout(r, 300));
    expect([...applied.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(entries.map((e) => e.fields.id))).toEqual(new Set(applied.keys()));
  }, 60_000); // a child process with tsx starts slowly on a busy machine

  it('Redis killed and restarted while events are written: none lost once it is back', async () => {
    const { db } = await seededDatabase(cleanup, 100);
    const redis = await startPrivateRedis();
    cleanup.push(() => redis.close());
    const log = createRedisEventLog({ url: redis.url });
    cleanup.push(() => log.close());
    const applied = await countingConsumer(log, cleanup);
    const errors: string[] = [];
    const relay = await startOutboxRelay({ db, log, batchSize: 50, pollIntervalMs: 50, onError: (e) => void errors.push(e.message) });
    cleanup.push(() => relay.stop());

    let written = 0;
    const write = async (from: number) => {
      // One product's three prices per transaction.
      const { rowCount } = await db.query(`UPDATE pricing.prices SET list_amount = list_amount + 1 WHERE product_id = $1`, [`p-${from}`]);
      written += rowCount;
    };
    let product = 1;
    const writeFor = async (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until && product <= 100) {
        await write(product++);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await writeFor(300);
    await redis.stop();
    const duringOutage = product;
    await writeFor(1000);
    expect(product).toBeGreaterThan(duringOutage); // events were written while Redis was down
    await redis.start();
    await writeFor(300);

    await waitFor(async () => (await outboxSize(db)) === 0, 20_000, 'the relay to catch up');
    await waitFor(() => applied.size === written, 20_000, `all ${written} events applied`);
    expect(errors.length).toBeGreaterThan(0); // the relay did see Redis go away
    const ids = new Set((await log.range(streamOf(PRICE), '0', 10_000)).map((e) => e.fields.id));
    expect(ids.size).toBe(written);
    await new Promise((r) => setTimeout(r, 300));
    expect([...applied.values()].every((n) => n === 1)).toBe(true);
  }, 60_000);
});
