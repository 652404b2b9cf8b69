// npm run events:replay -- --projection <search|cache> [--from <time>]
// Rebuilds a projection from the event store (DATABASE_URL, else the PGlite data of `npm start`):
//   search  folds every product event into documents and writes a new index version (Elasticsearch
//           alias swap, or the embedded snapshot's atomic rename), live only once complete;
//   cache   drops from the shared (Redis) entity cache every entry the events since --from change.
// Progress goes to stderr with rate and ETA. docs/events.md ("Replaying a projection").
import { parseArgs } from 'node:util';
import { openDb } from '../lib/db/index.js';
import { createEventStoreReader } from '../lib/eventStore/index.js';
import { runMain } from '../lib/main.js';
import { fromRoot } from '../lib/paths.js';
import { openSearchIndex } from '../lib/search/index.js';
import { createRedisCacheStore, replayCacheInvalidation } from '../gateway/entityCache/index.js';
import { loadCategoryPaths, replaySearchIndex } from '../subgraphs/search/indexing/index.js';
import { renderProgress } from './progressBar.js';

const PROJECTIONS = ['search', 'cache'] as const;
const USAGE = `usage: npm run events:replay -- --projection <${PROJECTIONS.join('|')}> [--from <ISO 8601 time>]`;

function fail(message: string): never {
  process.stderr.write(`events:replay: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let args: { projection?: string; from?: string };
try {
  args = parseArgs({ options: { projection: { type: 'string' }, from: { type: 'string' } }, strict: true }).values;
} catch (error) {
  fail((error as Error).message);
}
const projection = args.projection as (typeof PROJECTIONS)[number] | undefined;
if (!projection || !PROJECTIONS.includes(projection)) fail(projection ? `unknown projection "${projection}"` : 'which projection? --projection is required');
const from = args.from === undefined ? undefined : new Date(args.from);
if (from && Number.isNaN(from.getTime())) fail(`--from "${args.from}" is not a time (e.g. 2026-12-01T00:00:00Z)`);
// A search document folds a product's whole history: starting later would lose the products that did not change since.
if (from && projection === 'search') fail('the search projection is always rebuilt from the first event; --from applies to cache');

const tty = process.stderr.isTTY;
let lastLine = 0;
const progress = (label: string) => ({ done, total, elapsedMs }: { done: number; total: number; elapsedMs: number }) => {
  if (!tty && done < total && Date.now() - lastLine < 2000) return;
  lastLine = Date.now();
  process.stderr.write(`${tty ? '\r' : ''}${label.padEnd(10)}${renderProgress(done, total, elapsedMs)}${tty ? '' : '\n'}`);
};
const endLine = () => tty && process.stderr.write('\n');

await runMain('events:replay', async (config, logger) => {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : (config.dataDir ?? fromRoot('.data', 'pglite')) });
  const events = createEventStoreReader(db);
  if (projection === 'search') {
    const index = await openSearchIndex(config, logger, { snapshotPath: fromRoot('.data', 'search', 'index.json') });
    let phase = 'events';
    const replayed = await replaySearchIndex(index, events, await loadCategoryPaths(db), {
      onProgress: (p) => {
        if (p.phase !== phase) endLine();
        phase = p.phase;
        progress(p.phase)(p);
      },
    });
    endLine();
    process.stderr.write(`events:replay: ${replayed.events} events folded into ${replayed.documents} products, a new ${index.kind} index version, now live\n`);
    await index.close();
  } else {
    if (!config.redisUrl) fail('the cache projection lives in Redis: set REDIS_URL (a gateway without it keeps only its own in-memory cache, gone on restart)');
    const store = createRedisCacheStore({ url: config.redisUrl, logger });
    await store.ready();
    const read = await replayCacheInvalidation(store, events, { from, onProgress: progress('events') });
    endLine();
    process.stderr.write(`events:replay: the entity cache dropped what ${read} events${from ? ` since ${from.toISOString()}` : ''} changed\n`);
    await store.close();
  }
  await db.close();
  process.exit(0);
});
