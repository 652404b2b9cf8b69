// npm run bench -- shipping — cart quote latency through the gateway with every carrier
// healthy (the baseline), with one down or slow, and the failover time after an outage
// begins, each as a ratio to the healthy baseline measured in the same run.
// Goals (DESIGN.md): p95 ≤ 2 s with one carrier down; failover ≤ 1 s.
import { createPgliteDb } from '../lib/db/index.js';
import { createLogger } from '../lib/logging/index.js';
import { seedSampleStore } from '../stack/sampleStore.js';
import { startStack, type Stack } from '../stack/embeddedStack.js';
import type { CarrierFaults, SimulatedCarrier } from '../subgraphs/shipping/simulator/carrierSimulator.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CART = `query Cart($destination: DestinationInput!, $items: [ShippingItemInput!]!) {
  shippingQuotes(destination: $destination, items: $items) { quotes { carrier amount { amount } } unavailableCarriers { carrier reason } } }`;

let serial = 0;
/** A different postal code per request, so every request reaches the carriers. */
const nextVariables = () => ({
  destination: { country: 'DE', postalCode: String(10_000 + (serial++ % 89_999)) },
  items: [{ productId: `p-${1 + (serial % 100)}`, quantity: 1 + (serial % 3) }],
});

interface Answer { ms: number; unavailable: { carrier: string; reason: string }[]; quotes: number }

async function ask(url: string): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: CART, variables: nextVariables() }) });
  const body = (await res.json()) as { data?: { shippingQuotes: { quotes: unknown[]; unavailableCarriers: { carrier: string; reason: string }[] } }; errors?: unknown[] };
  if (!body.data) throw new Error(`quote failed: ${JSON.stringify(body.errors)}`);
  return { ms: performance.now() - started, unavailable: body.data.shippingQuotes.unavailableCarriers, quotes: body.data.shippingQuotes.quotes.length };
}

async function load(url: string, n: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  let issued = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (issued++ < n) answers.push(await ask(url));
  }));
  return answers;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function withStack<T>(fn: (stack: Stack) => Promise<T>): Promise<T> {
  const db = await createPgliteDb();
  const logger = createLogger({ level: 'silent', service: 'bench' });
  const stack = await startStack({
    db, logger, gatewayPort: 0,
    shipping: { simulatorPort: 0, quoteCacheTtlMs: 0 },
  });
  await seedSampleStore(db, { products: 120 });
  try {
    await load(stack.gateway.url, 40); // warm-up: JIT, keep-alive connections, query plans, OAuth token
    return await fn(stack);
  } finally {
    await stack.close();
    await db.close();
  }
}

interface Row { scenario: string; p50: number; p95: number; answered: string }

async function scenario(name: string, carrier: SimulatedCarrier | undefined, faults: Partial<CarrierFaults>): Promise<Row> {
  return withStack(async (stack) => {
    if (carrier) stack.carrierSimulator!.setFaults(carrier, faults);
    const answers = await load(stack.gateway.url, REQUESTS);
    const ms = answers.map((a) => a.ms);
    const withOthers = answers.filter((a) => a.quotes > 0 && (!carrier || a.unavailable.every((u) => u.carrier === carrier))).length;
    return { scenario: name, p50: percentile(ms, 50), p95: percentile(ms, 95), answered: `${withOthers}/${answers.length}` };
  });
}

/**
 * Failover: requests flow at CONCURRENCY; the outage begins at t0. Reports when the first
 * answer naming the down carrier arrived, and when answers stopped waiting on it (the
 * breaker opened), both measured from t0.
 */
async function failover(outage: CarrierFaults['outage']): Promise<{ firstNamed: number; breakerOpen: number; worst: number }> {
  return withStack(async (stack) => {
    const carrier: SimulatedCarrier = 'skyway';
    let t0 = 0;
    let firstNamed = Infinity;
    let worst = 0;
    let stop = false;
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      while (!stop) {
        const answer = await ask(stack.gateway.url);
        if (t0) {
          worst = Math.max(worst, answer.ms);
          if (answer.unavailable.some((u) => u.carrier === carrier)) firstNamed = Math.min(firstNamed, performance.now() - t0);
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    t0 = performance.now();
    stack.carrierSimulator!.setFaults(carrier, { outage });
    let breakerOpen = Infinity;
    const skyway = stack.shipping.carriers().find((c) => c.name === carrier)!;
    while (performance.now() - t0 < 5_000) {
      if (skyway.breakerState === 'open') {
        breakerOpen = performance.now() - t0;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await Promise.all(workers);
    return { firstNamed, breakerOpen, worst };
  });
}

const f = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : 'never');
const x = (ms: number, base: number) => (Number.isFinite(ms) ? `${(ms / base).toFixed(2)}×` : '—');

process.stdout.write(`shipping quotes through the gateway: ${REQUESTS} cart requests per scenario, ${CONCURRENCY} at a time, no quote cache\n` +
  `(deadline 800 ms, per-call timeout 350 ms, simulator base latency parcelo 30 / skyway 60 / freightly 40 ms per page)\n\n`);
const healthy = await scenario('all carriers healthy (baseline)', undefined, {});
const rows = [
  healthy,
  await scenario('skyway down (connection reset)', 'skyway', { outage: 'reset' }),
  await scenario('skyway down (hangs: no answer)', 'skyway', { outage: 'hang' }),
  await scenario('skyway down (503)', 'skyway', { outage: 'unavailable' }),
  await scenario('freightly slow (+1500 ms)', 'freightly', { latencyMs: 1_500 }),
  await scenario('parcelo 429 storm (Retry-After 1 s)', 'parcelo', { rateLimit: { limit: 0, windowMs: 60_000, retryAfterSec: 1 } }),
];
process.stdout.write('| scenario | p50 | p95 | p50 vs baseline | p95 vs baseline | answers with the other carriers |\n| --- | --- | --- | --- | --- | --- |\n');
for (const r of rows) {
  process.stdout.write(`| ${r.scenario} | ${f(r.p50)} | ${f(r.p95)} | ${x(r.p50, healthy.p50)} | ${x(r.p95, healthy.p95)} | ${r.answered} |\n`);
}
process.stdout.write('\nfailover after skyway goes down under load (from the moment the outage begins)\n');
process.stdout.write('| outage | first answer naming skyway | breaker open (answers stop waiting) | slowest answer completed after the outage began | first answer vs baseline p95 |\n| --- | --- | --- | --- | --- |\n');
for (const outage of ['reset', 'hang'] as const) {
  const r = await failover(outage);
  process.stdout.write(`| ${outage} | ${f(r.firstNamed)} | ${f(r.breakerOpen)} | ${f(r.worst)} | ${x(r.firstNamed, healthy.p95)} |\n`);
}
process.stdout.write(`\ngoals: p95 with one carrier down ≤ 2000 ms; failover ≤ 1000 ms\n`);
