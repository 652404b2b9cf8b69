// npm run bench -- webhooks [--endpoints=100] [--events=100] [--failing=0.1] [--slow=0.05]
// Partner webhooks end to end on PostgreSQL: `--endpoints` receivers on loopback (one HTTP server,
// a path each) subscribed to price changes, `--events` price events appended to the change feed
// (50 products), delivered by the webhooks subgraph's fan-out and dispatcher. Two runs, same
// process: every endpoint healthy (the baseline), then `--failing` of them answering 503 and
// `--slow` of them answering after 3 s (past the 1 s request timeout). Reports, for the healthy
// endpoints: deliveries per second and p50/p95 event → delivery, and the ratio of the mixed run
// to the baseline (goal ≤ 1.2×: broken partners must not slow the others).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPgDb } from '../lib/db/index.js';
import { createInProcessEventLog, eventEntry } from '../lib/events/index.js';
import { createLogger } from '../lib/logging/index.js';
import { migrateSubgraph } from '../lib/subgraph/index.js';
import { createScratchDatabase } from '../stack/scratchDatabase.js';
import { ensureServices } from '../stack/services.js';
import { createWebhookStore, eventTypesOf, startWebhooks } from '../subgraphs/webhooks/delivery/index.js';
import { samplePriceChanged } from '../test/helpers/events.js';

const flag = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ENDPOINTS = flag('endpoints', 100);
const EVENTS = flag('events', 100);
const FAILING = flag('failing', 0.1);
const SLOW = flag('slow', 0.05);

const { databaseUrl } = await ensureServices();
const database = await createScratchDatabase(databaseUrl, 'cs_bench_webhooks');
const db = createPgDb(database.url, { max: 8 });
await migrateSubgraph(db, 'webhooks');
const logger = createLogger({ level: 'error', service: 'bench' });

type Behaviour = 'healthy' | 'failing' | 'slow';
let behaviour: Behaviour[] = [];
const published = new Map<string, number>();
let latencies: number[] = [];
const server = createServer(async (req, res) => {
  const i = Number(req.url!.slice('/e/'.length));
  let body = '';
  for await (const chunk of req) body += chunk;
  const kind = behaviour[i]!;
  if (kind === 'failing') return void res.writeHead(503).end();
  if (kind === 'slow') await new Promise((r) => setTimeout(r, 3000));
  if (kind === 'healthy') latencies.push(performance.now() - published.get(JSON.parse(body).id)!);
  res.end();
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/e/`;

async function run(kinds: Behaviour[], events = EVENTS) {
  behaviour = kinds;
  latencies = [];
  published.clear();
  await db.query('DELETE FROM webhooks.endpoints');
  const store = createWebhookStore(db);
  for (let i = 0; i < ENDPOINTS; i++) await store.create({ clientId: `partner-${i}`, url: `${base}${i}`, eventTypes: eventTypesOf(['price']) });
  const log = createInProcessEventLog();
  const webhooks = await startWebhooks({ db, log, logger, allowance: 'loopback', allowHttp: true, timeoutMs: 1000, pollIntervalMs: 20, baseRetryDelayMs: 500 });
  const healthy = kinds.filter((k) => k === 'healthy').length;
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    const event = samplePriceChanged(`p-${i % 50}`, 1000 + i);
    published.set(event.id, performance.now());
    await log.append([eventEntry(event)]);
  }
  const expected = healthy * events;
  while (latencies.length < expected && performance.now() - started < 300_000) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  await webhooks.stop();
  await log.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { delivered: latencies.length, expected, perSecond: latencies.length / seconds, p50: at(0.5), p95: at(0.95) };
}

// A short warm-up first (JIT, connection pools, PostgreSQL caches), not reported.
await run(Array.from({ length: ENDPOINTS }, () => 'healthy'), 5);
const allHealthy = await run(Array.from({ length: ENDPOINTS }, () => 'healthy'));
const failing = Math.round(ENDPOINTS * FAILING);
const slow = Math.round(ENDPOINTS * SLOW);
const mixed = await run(Array.from({ length: ENDPOINTS }, (_, i) => (i < failing ? 'failing' : i < failing + slow ? 'slow' : 'healthy')));

const f = (x: number) => x.toFixed(1);
process.stdout.write(`\n${ENDPOINTS} endpoints, ${EVENTS} price events (50 products), PostgreSQL; healthy endpoints only:\n\n`);
process.stdout.write('| run | deliveries | deliveries/s | p50 event → delivery ms | p95 ms |\n|---|---:|---:|---:|---:|\n');
for (const [name, r] of [['all healthy (baseline)', allHealthy], [`${failing} failing, ${slow} slow`, mixed]] as const) {
  process.stdout.write(`| ${name} | ${r.delivered} / ${r.expected} | ${Math.round(r.perSecond)} | ${f(r.p50)} | ${f(r.p95)} |\n`);
}
process.stdout.write(`\nmixed / healthy: p95 ×${(mixed.p95 / allHealthy.p95).toFixed(2)} (goal ≤ 1.2×), deliveries/s ×${(mixed.perSecond / allHealthy.perSecond).toFixed(2)}\n`);

server.closeAllConnections();
server.close();
await db.close();
await database.drop();
