// npm run bench -- defer [--requests=150]
// A storefront product page that defers its shipping estimate (three carrier APIs, the local
// simulator at its default latencies) against the same page asked whole, alternating, in one
// run: time to the first chunk (the product, ready to render) and to the last, against the
// whole response's time. Products and postal codes vary, so no quote is reused.
import { createPgliteDb } from '../lib/db/index.js';
import { createLogger } from '../lib/logging/index.js';
import { seedSampleStore } from '../stack/sampleStore.js';
import { startStack } from '../stack/embeddedStack.js';
import { devStackSecurity } from '../stack/stackSecurity.js';

const requests = Number(process.argv.find((a) => a.startsWith('--requests='))?.slice(11) ?? 150);
const PAGE = (deferred: boolean) => `query Page($id: ID!, $to: DestinationInput!) {
  product(id: $id) { id name brand price(currency: "EUR") { amount currency } stock { available inStock }
    ${deferred ? '... @defer {' : ''} shippingEstimate(destination: $to) { quotes { carrier service amount { amount currency } } } ${deferred ? '}' : ''} }
}`;

const db = await createPgliteDb();
const stack = await startStack({ db, logger: createLogger({ level: 'silent', service: 'bench' }), gatewayPort: 0, security: devStackSecurity(), shipping: { simulatorPort: 0 } });
await seedSampleStore(db, { products: 400 });

/** One request: ms to the first body chunk and to the end. */
async function timed(deferred: boolean, i: number) {
  const start = performance.now();
  const res = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: deferred ? 'multipart/mixed;deferSpec=20220824,application/json' : 'application/json' },
    body: JSON.stringify({ query: PAGE(deferred), variables: { id: `p-${(i % 400) + 1}`, to: { country: 'DE', postalCode: String(10_000 + i) } } }),
  });
  const reader = res.body!.getReader();
  let first: number | undefined;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    first ??= performance.now() - start;
    text += Buffer.from(value).toString('utf8');
  }
  if (!text.includes('shippingEstimate') || text.includes('"errors"')) throw new Error(`unexpected answer: ${text.slice(0, 300)}`);
  return { first: first!, last: performance.now() - start };
}

for (let i = 0; i < 20; i++) await timed(i % 2 === 0, 10_000 + i); // warm-up
const whole: number[] = [];
const firstChunk: number[] = [];
const lastChunk: number[] = [];
for (let i = 0; i < requests; i++) {
  whole.push((await timed(false, 2 * i)).last);
  const d = await timed(true, 2 * i + 1);
  firstChunk.push(d.first);
  lastChunk.push(d.last);
}
await stack.close();
await db.close();

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const base = { p50: pct(whole, 50), p95: pct(whole, 95) };
process.stdout.write(`product page with a shipping estimate, ${requests} requests each, alternating:\n`);
for (const [name, xs] of [['whole response (baseline)', whole], ['@defer: first chunk (the product)', firstChunk], ['@defer: last chunk (the estimate)', lastChunk]] as const) {
  const p50 = pct(xs, 50);
  const p95 = pct(xs, 95);
  process.stdout.write(`  ${name.padEnd(36)} p50 ${p50.toFixed(1)} ms (${(p50 / base.p50).toFixed(2)})  p95 ${p95.toFixed(1)} ms (${(p95 / base.p95).toFixed(2)})\n`);
}
