// npm run bench -- edge [--seconds=3] [--rounds=4]
// What the edge costs a request: the product page sent by a client (API key looked up, requests
// and cost counted in Redis, the operation sent as a trusted documentId) against the same page
// sent anonymously as text (key lookup, limits and document lookup all skipped), alternating
// rounds in one run; CPU µs per request of the whole embedded stack (gateway and subgraphs in
// this process) and the edge's parts alone. Then four limiters on their own Redis connections
// (four replicas) share one client's cost budget under a concurrent burst: how close the
// admitted total is to the quota.
import { readFileSync } from 'node:fs';
import { createPgliteDb } from '../lib/db/index.js';
import { newApiKey } from '../lib/auth/index.js';
import { createLogger } from '../lib/logging/index.js';
import { openRedis } from '../lib/redis/index.js';
import { fromRoot } from '../lib/paths.js';
import { seedSampleStore } from '../stack/sampleStore.js';
import { startStack } from '../stack/embeddedStack.js';
import { ensureServices } from '../stack/services.js';
import { devStackSecurity } from '../stack/stackSecurity.js';
import { createClientStore, documentHash } from '../subgraphs/clients/index.js';
import { cachedClientKeys, cachedTrustedDocuments, createClientRateLimiter, createEdge, RateLimited, resolveTrustedDocuments } from '../gateway/edge/index.js';

const flag = (name: string, fallback: string) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const seconds = flag('seconds', '3');
const rounds = flag('rounds', '4');

const { redisUrl } = await ensureServices();
const prefix = `bench:edge:${Date.now()}:`;
const db = await createPgliteDb();
const stack = await startStack({
  db, logger: createLogger({ level: 'silent', service: 'bench' }), gatewayPort: 0, security: devStackSecurity(),
  redisUrl, events: { keyPrefix: prefix },
});
await seedSampleStore(db, { products: 200 });
const text = readFileSync(fromRoot('schema', 'operations', 'ProductPage.graphql'), 'utf8');
const store = createClientStore(db);
const created = (await store.create({ id: 'bench-storefront', name: 'Bench', kind: 'storefront', requestsPerSecond: 100_000, costPerMinute: 100_000_000 }))!;
await store.addDocuments('bench-storefront', new Map([[documentHash(text), text]]));
const variables = { id: 'p-7', currency: 'EUR' };
const requests = {
  'edge off (anonymous, text)': { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text, variables }) },
  'edge on (key, limits, documentId)': {
    headers: { 'content-type': 'application/json', 'x-api-key': created.issued.apiKey },
    body: JSON.stringify({ documentId: documentHash(text), variables }),
  },
};

/** Sequential requests for `ms`: CPU and wall µs per request. */
async function round(name: keyof typeof requests, ms: number) {
  const { headers, body } = requests[name];
  const cpu = process.cpuUsage();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    const res = await fetch(stack.gateway.url, { method: 'POST', headers, body });
    const answer = await res.text();
    if (res.status !== 200 || answer.includes('"errors"')) throw new Error(`${name}: ${res.status} ${answer.slice(0, 300)}`);
    n++;
  }
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / n, wall: ((performance.now() - start) * 1000) / n };
}

const names = Object.keys(requests) as (keyof typeof requests)[];
for (const name of names) await round(name, 1000); // warm-up
const results = Object.fromEntries(names.map((n) => [n, [] as { cpu: number; wall: number }[]]));
for (let r = 0; r < rounds; r++) for (const name of r % 2 ? [...names].reverse() : names) results[name]!.push(await round(name, seconds * 1000));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const [off, on] = names.map((n) => ({ cpu: median(results[n]!.map((x) => x.cpu)), wall: median(results[n]!.map((x) => x.wall)) }));
process.stdout.write(`product page through the gateway, sequential, median of ${rounds} rounds of ${seconds} s:\n`);
for (const [name, m] of [[names[0], off], [names[1], on]] as const) {
  process.stdout.write(`  ${name!.padEnd(36)} CPU ${m!.cpu.toFixed(0)} µs/request (${(m!.cpu / off!.cpu).toFixed(3)}), latency ${m!.wall.toFixed(0)} µs (${(m!.wall / off!.wall).toFixed(3)})\n`);
}

// The edge's parts alone, as a share of a request's CPU (edge off).
async function measure(fn: () => Promise<unknown>, ms = 1500): Promise<number> {
  for (let i = 0; i < 200; i++) await fn();
  const cpu = process.cpuUsage();
  let n = 0;
  for (const start = performance.now(); performance.now() - start < ms; n += 50) for (let i = 0; i < 50; i++) await fn();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / n;
}
const client = { id: 'bench-parts', kind: 'storefront', requestsPerSecond: 1e9, costPerMinute: 1e9, trustedOnly: false };
// Under 200 requests per second a lease would be empty: every count is a Redis round trip (refused ones too).
const smallClient = { ...client, id: 'bench-small', requestsPerSecond: 150 };
const key = newApiKey();
const keys = cachedClientKeys(async () => client);
const documents = cachedTrustedDocuments(async () => text);
const limiterRedis = openRedis(redisUrl, { enableOfflineQueue: false });
await new Promise((resolve) => limiterRedis.once('ready', resolve));
const limiter = createClientRateLimiter({ redis: limiterRedis, keyPrefix: `${prefix}parts:` });
const edge = createEdge({ keys, limiter, documents });
/** The same, 16 at a time (a gateway under load): Redis replies arrive together, so a round trip's CPU is shared. */
const concurrently = (fn: () => Promise<unknown>) => measure(async () => { await Promise.all(Array.from({ length: 16 }, fn)); }).then((us) => us / 16);
const rawRedis = () => limiterRedis.incr(`${prefix}raw`);
const parts: [string, number][] = [
  ['raw Redis INCR (the round-trip floor)', await measure(rawRedis)],
  ['key lookup (cached)', await measure(() => keys.find(key))],
  ['requests/s count (leased from Redis)', await measure(() => limiter.admit(client))],
  ['cost/min count (leased from Redis)', await measure(() => limiter.charge(client, 12))],
  ['requests/s count, a small client (every count a round trip)', await measure(() => limiter.admit(smallClient).catch(() => undefined))],
  ['trusted document lookup (cached)', await measure(() => resolveTrustedDocuments(documents, client, { documentId: 'd', variables }))],
  ['whole admission + charge', await measure(async () => edge.charge(await edge.admit({ 'x-api-key': key }), 12))],
  ['raw Redis INCR, 16 concurrent', await concurrently(rawRedis)],
  ['whole admission + charge, 16 concurrent', await concurrently(async () => edge.charge(await edge.admit({ 'x-api-key': key }), 12))],
];
for (const [name, us] of parts) process.stdout.write(`  ${name.padEnd(40)} ${us.toFixed(1)} µs CPU = ${((us / off!.cpu) * 100).toFixed(2)} % of a request\n`);
process.stdout.write(`edge on vs off, CPU per request: ${(((on!.cpu - off!.cpu) / off!.cpu) * 100).toFixed(1)} % (the whole stack's CPU; the gateway's own share of it is smaller)\n`);

// Four replicas, one budget.
const replicas = await Promise.all(Array.from({ length: 4 }, async () => {
  const redis = openRedis(redisUrl, { enableOfflineQueue: false });
  await new Promise((resolve) => redis.once('ready', resolve));
  return { redis, limiter: createClientRateLimiter({ redis, keyPrefix: `${prefix}replicas:` }) };
}));
for (const quota of [1000, 10_000, 100_000]) {
  const burstClient = { ...client, id: `burst-${quota}`, costPerMinute: quota };
  const attempts = Math.round(quota * 1.5);
  const outcomes = await Promise.all(Array.from({ length: attempts }, (_, i) => replicas[i % 4]!.limiter.charge(burstClient, 1).then(() => 1, (e: unknown) => {
    if (e instanceof RateLimited) return 0;
    throw e;
  })));
  const admitted = outcomes.reduce<number>((a, b) => a + b, 0);
  process.stdout.write(`4 replicas, cost quota ${quota}/min, ${attempts} concurrent charges: ${admitted} admitted (${(((admitted - quota) / quota) * 100).toFixed(2)} % off the quota)\n`);
}
for (const r of replicas) r.redis.disconnect();
limiterRedis.disconnect();
await stack.close();
await db.close();
const cleanup = openRedis(redisUrl);
for (const pattern of [`${prefix}*`]) {
  let cursor = '0';
  do {
    const [next, found] = await cleanup.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) await cleanup.del(...found);
  } while (cursor !== '0');
}
cleanup.disconnect();
