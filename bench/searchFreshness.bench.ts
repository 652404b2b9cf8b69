// npm run bench -- searchFreshness — write → searchable latency through the whole pipeline:
// a price UPDATE commits, its outbox trigger writes the event, the relay appends it to the
// event stream (Redis when REDIS_URL is set, else in process), the search indexer's durable
// consumer applies it, and the search index returns the new price. Baseline in the same run:
// the same change applied by calling the indexer directly (no database, relay or stream).
import { randomBytes } from 'node:crypto';
import { createPgliteDb } from '../lib/db/index.js';
import type { AnyEvent } from '../lib/events/index.js';
import { createLogger } from '../lib/logging/index.js';
import { seedSampleStore } from '../stack/sampleStore.js';
import { startStack } from '../stack/embeddedStack.js';
import { deleteKeys } from '../test/helpers/redis.js';

const WRITES = Number(process.argv.find((a) => a.startsWith('--writes='))?.slice(9) ?? 100);
const redisUrl = process.env.REDIS_URL || undefined;
const keyPrefix = `bench:${randomBytes(4).toString('hex')}:`;
const logger = createLogger({ level: 'warn', service: 'bench' });
const db = await createPgliteDb();
const stack = await startStack({
  db, logger, gatewayPort: 0, shipping: { simulatorPort: 0 },
  redisUrl, events: { keyPrefix, relayPollIntervalMs: 1000 },
});
await seedSampleStore(db, { products: 500 });
const { populateSearchIndex } = await import('../subgraphs/search/indexing/index.js');
await populateSearchIndex(stack.searchIndex, db, logger);

const visible = async (productId: string, amount: number, since: number): Promise<number> => {
  for (;;) {
    const doc = (await stack.searchIndex.get([productId])).get(productId);
    if (doc?.prices.EUR === amount) return performance.now() - since;
    if (performance.now() - since > 10_000) throw new Error(`${productId} not searchable at ${amount} after 10 s`);
    await new Promise((r) => setTimeout(r, 2));
  }
};
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

const pipeline: number[] = [];
const direct: number[] = [];
for (let i = 0; i < WRITES; i++) {
  const productId = `p-${(i % 500) + 1}`;
  // Through the pipeline: one committed write, nothing else.
  const amount = 1_000_000 + i * 2;
  const started = performance.now();
  await db.query(`UPDATE pricing.prices SET list_amount = $1, sale_amount = NULL, version = version + 1 WHERE product_id = $2 AND currency = 'EUR'`, [amount, productId]);
  pipeline.push(await visible(productId, amount, started));
  // Baseline: the same kind of change handed straight to the indexer.
  const doc = (await stack.searchIndex.get([productId])).get(productId)!;
  const version = doc.versions.prices.EUR! + 1;
  const event = {
    specversion: '1.0', id: randomBytes(16).toString('hex'), source: '/commerce/pricing', type: 'commerce.pricing.price_changed.v1',
    subject: productId, time: new Date().toISOString(), datacontenttype: 'application/json',
    data: { productId, currency: 'EUR', before: null, after: { listAmount: amount + 1, saleAmount: null, saleValidFrom: null, saleValidTo: null, version } },
  } as AnyEvent;
  const t0 = performance.now();
  await stack.indexer.handle(event);
  direct.push(await visible(productId, amount + 1, t0));
}

const row = (name: string, xs: number[]) => `| ${name} | ${percentile(xs, 50).toFixed(1)} | ${percentile(xs, 95).toFixed(1)} | ${percentile(xs, 99).toFixed(1)} |`;
process.stdout.write([
  `write → searchable, ${WRITES} writes over a 500-product store (PGlite), event transport: ${redisUrl ? 'Redis' : 'in process'} (goal p95 ≤ 500 ms)`,
  '| path | p50 ms | p95 ms | p99 ms |', '| --- | ---: | ---: | ---: |',
  row('indexer called directly (baseline)', direct),
  row('commit → outbox → relay → stream → durable indexer', pipeline),
  `ratio p95 pipeline / baseline: ${(percentile(pipeline, 95) / Math.max(percentile(direct, 95), 0.01)).toFixed(1)}×`,
  '',
].join('\n'));
await stack.close();
await db.close();
if (redisUrl) await deleteKeys(redisUrl, keyPrefix);
