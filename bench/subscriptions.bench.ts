// npm run bench -- subscriptions
//
// N graphql-ws subscribers (N = 1,000 and 10,000; `--sizes=1000,10000`) on one gateway process, then
// the same N over SSE and multipart HTTP (`--transports=ws,sse,multipart`; `--entity-cache` runs the gateway
// with its entity cache, which answers each event's fetch but for what the event changed),
// their sockets in a separate client process (bench/subscriptionClients.ts). Each event is
// published to the gateway's bus; the latency of a delivery is its arrival in the client
// process minus the publish time. Reports p50/p99 per delivery, the time until the last
// subscriber had each event, the time the gateway took to resolve an event (federated fetch
// + execution, before sending), gateway RSS, and federated fetches per event (subscribers use
// two distinct selections, so the goal is 2). Baseline in the same run: a raw `ws` broadcast
// of the same message bytes to the same number of sockets from the same process.
// Each run also reports where an event's time goes, stage by stage (ms since publish, p50/p99
// over the events): the hub's own timings (gateway/subscriptions `subscriptionEventTimings`),
// the raw broadcast's send loop, and the first and last arrival in the client process.
// The first event of every run warms its path (a new query plan, code not yet optimized): its
// time to the last subscriber is reported on its own and left out of the other figures.
import { subscribe as subscribeChannel } from 'node:diagnostics_channel';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { WebSocketServer } from 'ws';
import { DEFAULT_SUBSCRIPTION_LIMITS } from '../lib/config/index.js';
import { createPgliteDb } from '../lib/db/index.js';
import type { CloudEvent, Events } from '../lib/events/index.js';
import { createLogger } from '../lib/logging/index.js';
import { subscriptionEventTimings, type SubscriptionEventTimings } from '../gateway/subscriptions/index.js';
import { seedSampleStore } from '../stack/sampleStore.js';
import { startStack } from '../stack/embeddedStack.js';

const sizesFlag = process.argv.find((a) => a.startsWith('--sizes='));
const SIZES = sizesFlag ? sizesFlag.slice('--sizes='.length).split(',').map(Number) : [1000, 10_000];
const EVENTS = Number(process.argv.find((a) => a.startsWith('--events='))?.slice('--events='.length) ?? 30);
/** `--transports=ws,sse,multipart`: which subscription transports run, each against graphql-ws and the raw broadcast of the same run. */
const TRANSPORTS = (process.argv.find((a) => a.startsWith('--transports='))?.slice('--transports='.length) ?? 'ws,sse,multipart').split(',');
/** `--entity-cache`: the gateway runs with its entity cache, which answers each event's fetch but for what the event changed. */
const ENTITY_CACHE = process.argv.includes('--entity-cache');
const TRANSPORT_KINDS: Record<string, 'sse' | 'multipart'> = { sse: 'sse', multipart: 'multipart' };
const QUERIES = ['EUR', 'USD'].map(
  (currency) => `subscription { priceChanged(productIds: ["p-1", "p-2"]) { eventId currency after { list { amount } version } product { id name price(currency: "${currency}") { amount currency } stock { available } } } }`,
);

interface Report { samples: number; p50: number; p99: number; max: number; sample?: string; cpuUsPerDelivery: number }
/** The stages of one event's delivery, in order; each is measured in ms since the publish. */
const STAGES = ['hub received', 'cache settled', 'first fetch resolved', 'last fetch resolved', 'first frame written', 'last frame written', 'first client received', 'last client received'] as const;
type Stage = (typeof STAGES)[number];
type StageTimes = Partial<Record<Stage, number>>;
interface Run {
  n: number; kind: string; p50: number; p99: number; lastP50: number; lastMax: number; missing: number;
  /** Gateway RSS and V8 heap with the N subscribers connected, MiB. */
  rssMiB: number;
  heapMiB: number;
  fetchesPerEvent?: number;
  /** Publish → the hub has resolved the event and queued it for every subscriber (median, ms). */
  resolveP50?: number;
  /** The warm-up event: publish → arrival at the last subscriber (ms). */
  firstEventMs: number;
  /** CPU time of the gateway process per event, and of the client process per delivery (µs). */
  gatewayCpuMsPerEvent: number;
  clientCpuUsPerDelivery: number;
  /** Per stage, its time since publish for each event (ms, sorted). */
  stages: Partial<Record<Stage, number[]>>;
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
/** Gateway memory after a full GC: RSS (the stack's subgraphs and PGlite share this process) and V8 heap. */
const memory = () => {
  gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: mib(rss), heap: mib(heapUsed) };
};
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (bytes: number) => bytes / 1024 / 1024;

const logger = createLogger({ level: 'warn', service: 'bench' });
const db = await createPgliteDb();
const stack = await startStack({
  db, logger, gatewayPort: 0, environment: 'production',
  shipping: { simulatorPort: 0 },
  ...(ENTITY_CACHE ? { entityCache: { entityCache: true, entityCacheTtlMs: 60_000, entityCacheDisabled: [] } } : {}),
  subscriptionLimits: { ...DEFAULT_SUBSCRIPTION_LIMITS, maxProductIds: 100, maxPerConnection: 100, maxBufferedBytes: 1024 * 1024 },
});
await seedSampleStore(db, { products: 200 });
const raw = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((r) => raw.once('listening', r));
const rawUrl = `ws://127.0.0.1:${(raw.address() as { port: number }).port}`;
const gqlUrl = stack.gateway.url.replace(/^http/, 'ws');
const hub = stack.gateway.subscriptions!.hub;
// The hub's stage times per event id, as epoch ms.
const hubStages = new Map<string, StageTimes>();
const epoch = (t: number) => performance.timeOrigin + t;
subscribeChannel(subscriptionEventTimings.name, (message) => {
  const t = message as SubscriptionEventTimings;
  hubStages.set(t.eventId, {
    'hub received': epoch(t.received), 'cache settled': epoch(t.settled),
    'first fetch resolved': epoch(t.firstFetched), 'last fetch resolved': epoch(t.lastFetched),
    'first frame written': epoch(t.firstSent), 'last frame written': epoch(t.lastSent),
  });
});

const child: ChildProcess = fork(fileURLToPath(new URL('./subscriptionClients.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
const inbox: any[] = [];
const waiters: (() => void)[] = [];
child.on('message', (m: any) => {
  if (m.error) process.stderr.write(`client error: ${m.error}\n`);
  inbox.push(m);
  waiters.splice(0).forEach((w) => w());
});
async function receive<T>(match: (m: any) => T | undefined, timeoutMs = 120_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const i = inbox.findIndex((m) => match(m) !== undefined);
    if (i >= 0) return match(inbox.splice(i, 1)[0]);
    if (Date.now() > deadline) return undefined;
    await Promise.race([new Promise<void>((r) => waiters.push(r)), sleep(Math.min(1000, deadline - Date.now()))]);
  }
}
const until = async (condition: () => boolean, timeoutMs = 120_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(20);
  if (!condition()) throw new Error('bench: timed out waiting for clients');
};
await receive((m) => m.ready);

const event = (seq: number, productId = 'p-1'): CloudEvent<'commerce.pricing.price_changed.v1', Events['commerce.pricing.price_changed.v1']> => ({
  specversion: '1.0', id: `e${seq}@${now()}`, source: '/commerce/pricing', type: 'commerce.pricing.price_changed.v1', subject: productId,
  time: new Date().toISOString(), datacontenttype: 'application/json',
  data: { productId, currency: 'EUR', before: null, after: { listAmount: 1000 + seq, saleAmount: null, saleValidFrom: null, saleValidTo: null, version: seq } },
});

/**
 * Publishes EVENTS events one after another (each once the previous reached everyone) and collects
 * latencies and stage times; `publish` may return stage times of its own (epoch ms).
 */
async function measure(n: number, kind: string, publish: (e: ReturnType<typeof event>) => Promise<StageTimes | void> | StageTimes | void): Promise<Omit<Run, 'rssMiB' | 'heapMiB'>> {
  const lasts: number[] = [];
  const resolves: number[] = [];
  const stages: Partial<Record<Stage, number[]>> = {};
  let missing = 0;
  let firstEventMs = NaN;
  let cpuFrom = process.cpuUsage();
  for (let seq = 0; seq <= EVENTS; seq++) {
    const e = event(seq);
    const published = Number(e.id.slice(e.id.indexOf('@') + 1));
    const own = await publish(e);
    await hub.idle();
    if (seq > 0) resolves.push(now() - published);
    const arrival = await receive((m) => (m.delivered === e.id ? (m as { firstMs: number; lastMs: number }) : undefined), 15_000);
    if (seq === 0) {
      firstEventMs = arrival?.lastMs ?? NaN;
      child.send({ cmd: 'reset' });
      await receive((m) => m.reset);
      cpuFrom = process.cpuUsage();
      continue;
    }
    if (arrival === undefined) {
      missing++;
      continue;
    }
    lasts.push(arrival.lastMs);
    const times: StageTimes = { ...hubStages.get(e.id), ...own };
    for (const stage of STAGES) if (times[stage] !== undefined) (stages[stage] ??= []).push(times[stage]! - published);
    (stages['first client received'] ??= []).push(arrival.firstMs);
    (stages['last client received'] ??= []).push(arrival.lastMs);
    await sleep(30);
  }
  for (const times of Object.values(stages)) times.sort((a, b) => a - b);
  const cpu = process.cpuUsage(cpuFrom);
  child.send({ cmd: 'report' });
  const report = (await receive((m) => m.report as Report | undefined))!;
  lasts.sort((a, b) => a - b);
  resolves.sort((a, b) => a - b);
  return { resolveP50: kind === 'graphql-ws' ? resolves[Math.floor(resolves.length / 2)] : undefined, n, kind, p50: report.p50, p99: report.p99, lastP50: lasts[Math.floor(lasts.length / 2)] ?? NaN, lastMax: lasts[lasts.length - 1] ?? NaN, missing, stages, firstEventMs, gatewayCpuMsPerEvent: (cpu.user + cpu.system) / 1000 / EVENTS, clientCpuUsPerDelivery: report.cpuUsPerDelivery, sample: report.sample } as any;
}

async function closeClients() {
  child.send({ cmd: 'close' });
  await receive((m) => m.closed);
  await until(() => hub.stats().subscriptions === 0 && raw.clients.size === 0);
}

/**
 * CPU the gateway process spends per event published with no subscriber, over the same pauses
 * idle: the embedded stack's own consumers (event store, search index, webhooks), whose PGlite
 * queries share one queue with the pricing query of each event's fetch.
 */
async function stackCpuPerEvent(): Promise<number> {
  const cpuOver = async (step: (seq: number) => Promise<unknown>) => {
    const from = process.cpuUsage();
    for (let seq = 1; seq <= EVENTS; seq++) await step(seq);
    const used = process.cpuUsage(from);
    return (used.user + used.system) / 1000 / EVENTS;
  };
  const idleCpu = await cpuOver(() => sleep(30));
  return (await cpuOver(async (seq) => {
    await stack.eventBus.publish(event(seq, 'p-3'));
    await sleep(30);
  })) - idleCpu;
}

const runs: Run[] = [];
const idle = memory();
const stackCpu = await stackCpuPerEvent();
for (const n of SIZES) {
  child.send({ cmd: 'graphql-ws', url: gqlUrl, count: n, queries: QUERIES });
  await receive((m) => m.connected);
  await until(() => hub.stats().subscriptions === n);
  const fetchesBefore = hub.stats().fetches;
  const gql = await measure(n, 'graphql-ws', (e) => stack.eventBus.publish(e));
  const connected = memory();
  const fetchesPerEvent = (hub.stats().fetches - fetchesBefore) / (EVENTS + 1);
  const sample = (gql as any).sample as string;
  runs.push({ ...gql, rssMiB: connected.rss, heapMiB: connected.heap, fetchesPerEvent });
  await closeClients();

  // The same subscribers over the HTTP transports, same events.
  for (const transport of TRANSPORTS.filter((t) => TRANSPORT_KINDS[t])) {
    child.send({ cmd: TRANSPORT_KINDS[transport], url: stack.gateway.url, count: n, queries: QUERIES });
    await receive((m) => m.connected);
    await until(() => hub.stats().subscriptions === n);
    const run = await measure(n, transport, (e) => stack.eventBus.publish(e));
    const streamed = memory();
    runs.push({ ...run, rssMiB: streamed.rss, heapMiB: streamed.heap });
    await closeClients();
  }

  // Baseline: the same message bytes, broadcast over raw ws from this process.
  child.send({ cmd: 'raw', url: rawUrl, count: n });
  await receive((m) => m.connected);
  await until(() => raw.clients.size === n);
  const base = await measure(n, 'raw ws broadcast', async (e) => {
    const message = sample.replace(/"eventId":"[^"]*"/, `"eventId":"${e.id}"`);
    const first = now();
    for (const socket of raw.clients) socket.send(message);
    // As the hub's 'last frame written': once what was queued for this tick has gone out.
    await new Promise((resolve) => process.nextTick(resolve));
    return { 'first frame written': first, 'last frame written': now() };
  });
  const rawConnected = memory();
  runs.push({ ...base, rssMiB: rawConnected.rss, heapMiB: rawConnected.heap });
  await closeClients();
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const quantile = (sorted: number[] | undefined, q: number) => (sorted?.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
process.stdout.write(`\n${EVENTS} events per run after one warm-up event, entity cache ${ENTITY_CACHE ? 'on' : 'off'}, subscribers on ${QUERIES.length} distinct selections; latency = publish → arrival in the client process (ms); gateway idle: RSS ${f(idle.rss)} MiB, heap ${f(idle.heap)} MiB; an event without subscribers costs the gateway process ${f(stackCpu)} ms CPU (the stack's own consumers)\n\n`);
process.stdout.write('| N | path | p50 | p99 | last subscriber p50 | last subscriber max | first event (warm-up), last subscriber | resolved p50 | missing events | gateway RSS MiB | gateway heap MiB | fetches/event |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n');
for (const r of runs) {
  process.stdout.write(`| ${r.n} | ${r.kind} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.lastP50)} | ${f(r.lastMax)} | ${f(r.firstEventMs)} | ${r.resolveP50 === undefined ? '—' : f(r.resolveP50)} | ${r.missing} | ${f(r.rssMiB)} | ${f(r.heapMiB)} | ${r.fetchesPerEvent ?? '—'} |\n`);
}
for (const n of SIZES) {
  const kinds = runs.filter((r) => r.n === n);
  process.stdout.write(`\nStages at N=${n}, ms since publish (p50 / p99 over ${EVENTS} events; "every delivery" over all deliveries)\n\n`);
  process.stdout.write(`| stage | ${kinds.map((r) => r.kind).join(' | ')} |\n|---|${kinds.map(() => '---|').join('')}\n`);
  for (const stage of STAGES) {
    process.stdout.write(`| ${stage} | ${kinds.map((r) => (r.stages[stage] ? `${f(quantile(r.stages[stage], 0.5))} / ${f(quantile(r.stages[stage], 0.99))}` : '—')).join(' | ')} |\n`);
  }
  process.stdout.write(`| every delivery | ${kinds.map((r) => `${f(r.p50)} / ${f(r.p99)}`).join(' | ')} |\n`);
  // Includes the 30 ms pause after each event, idle time that costs no CPU.
  process.stdout.write(`| gateway process CPU per event, ms | ${kinds.map((r) => f(r.gatewayCpuMsPerEvent)).join(' | ')} |\n`);
  process.stdout.write(`| client process CPU per delivery, µs | ${kinds.map((r) => f(r.clientCpuUsPerDelivery)).join(' | ')} |\n`);
}
process.stdout.write('\nRatios (same run):\n');
for (const n of SIZES) {
  const g = runs.find((r) => r.n === n && r.kind === 'graphql-ws')!;
  const b = runs.find((r) => r.n === n && r.kind === 'raw ws broadcast')!;
  process.stdout.write(`  N=${n}: graphql-ws / raw ws broadcast: p50 ×${(g.p50 / b.p50).toFixed(2)}, p99 ×${(g.p99 / b.p99).toFixed(2)}; fetches per event ${g.fetchesPerEvent} for ${QUERIES.length} distinct selections\n`);
  for (const t of runs.filter((r) => r.n === n && (r.kind === 'sse' || r.kind === 'multipart'))) {
    process.stdout.write(`  N=${n}: ${t.kind} / graphql-ws: p50 ×${(t.p50 / g.p50).toFixed(2)}, p99 ×${(t.p99 / g.p99).toFixed(2)} (goal ≤ 1.2×)\n`);
  }
}
if (SIZES.length > 1) {
  const [small, large] = [SIZES[0]!, SIZES[SIZES.length - 1]!];
  const gs = runs.find((r) => r.n === small && r.kind === 'graphql-ws')!;
  const gl = runs.find((r) => r.n === large && r.kind === 'graphql-ws')!;
  process.stdout.write(`  graphql-ws N=${large} / N=${small}: p50 ×${(gl.p50 / gs.p50).toFixed(2)}, p99 ×${(gl.p99 / gs.p99).toFixed(2)}, heap over idle ×${((gl.heapMiB - idle.heap) / (gs.heapMiB - idle.heap)).toFixed(2)} (${(((gl.heapMiB - idle.heap) * 1024) / large).toFixed(1)} KiB heap, ${(((gl.rssMiB - idle.rss) * 1024) / large).toFixed(1)} KiB RSS per subscriber at N=${large})\n`);
  process.stdout.write(`  goal p99 ≤ 100 ms at N=${large}: ${gl.p99 <= 100 ? 'met' : 'not met'} (${f(gl.p99)} ms)\n`);
}

child.kill();
raw.close();
await stack.close();
await db.close();
