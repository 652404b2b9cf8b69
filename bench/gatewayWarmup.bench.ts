// npm run bench -- gatewayWarmup: the first storefront request on a fresh gateway, cold versus
// after warmGateway() sent the same operations (with other variables) — query planning is the cost.
import { readFileSync } from 'node:fs';
import { createPgliteDb } from '../lib/db/index.js';
import { createLogger } from '../lib/logging/index.js';
import { fromRoot } from '../lib/paths.js';
import { seedSampleStore } from '../stack/sampleStore.js';
import { startStack } from '../stack/embeddedStack.js';
import { startGateway } from '../gateway/startGateway.js';
import { warmGateway } from '../gateway/warmGateway.js';
import { OPERATIONS } from './gateway/operations.js';

const logger = createLogger({ level: 'warn', service: 'bench' });
const db = await createPgliteDb();
const stack = await startStack({ db, logger, gatewayPort: 0, shipping: { simulatorPort: 0 } });
await seedSampleStore(db, { products: 500 });
const subgraphUrls = Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [n, s.url]));
const supergraphSdl = readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8');

const time = async (url: string, n: number) => {
  const results: number[] = [];
  for (const op of OPERATIONS) {
    const start = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: op.query, variables: op.variables(n) }) });
    await res.text();
    results.push(performance.now() - start);
  }
  return results;
};
const rows: string[] = [];
const runs = 5;
const cold: number[][] = [];
const warm: number[][] = [];
for (let i = 0; i < runs; i++) {
  for (const warmed of [false, true]) {
    const gateway = await startGateway({ supergraphSdl, subgraphUrls, port: 0, environment: 'production', logger, ...stack.security });
    if (warmed) await warmGateway(gateway.url, OPERATIONS.map((op) => ({ query: op.query, variables: op.variables(1) })));
    (warmed ? warm : cold).push(await time(gateway.url, 2));
    await gateway.close();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
rows.push('| operation | first request cold ms | first request after warmGateway ms | gain |', '| --- | ---: | ---: | ---: |');
OPERATIONS.forEach((op, i) => {
  const c = median(cold.map((r) => r[i]!));
  const w = median(warm.map((r) => r[i]!));
  rows.push(`| ${op.name} | ${c.toFixed(1)} | ${w.toFixed(1)} | ${(c / w).toFixed(1)}× |`);
});
process.stdout.write(`${rows.join('\n')}\n(median of ${runs} fresh gateways each)\n`);
await stack.close();
await db.close();
process.exit(0);
