// npm start — the whole stack in one process on embedded defaults: PGlite in .data/pglite
// (or DATABASE_URL), seeded with the sample store on first start.
import { openDb } from '../lib/db/index.js';
import { runMain } from '../lib/main.js';
import { fromRoot } from '../lib/paths.js';
import { openSearchIndex, populateSearchIndex } from '../lib/search/index.js';
import { seedSampleStore } from './sampleStore.js';
import { startStack } from './stack.js';

await runMain('stack', async (config, logger) => {
  const dataDir = config.databaseUrl ? undefined : (config.dataDir ?? fromRoot('.data', 'pglite'));
  logger.info(config.databaseUrl ? 'store: PostgreSQL (DATABASE_URL)' : `store: PGlite in ${dataDir}`);
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir });
  const searchIndex = await openSearchIndex(config, logger, { snapshotPath: fromRoot('.data', 'search', 'index.json') });
  const stack = await startStack({
    db, logger, host: config.host, environment: config.environment, maxBodyBytes: config.maxBodyBytes,
    gatewayPort: config.gatewayPort, subgraphPorts: config.subgraphPorts, searchIndex,
  });
  const seeded = await seedSampleStore(db);
  if (seeded > 0) logger.info({ products: seeded }, 'seeded the sample store');
  // First start (no snapshot): build the search index from the stores.
  await populateSearchIndex(searchIndex, db, logger);
  const url = stack.gateway.url;
  process.stdout.write(`\n  commerce-supergraph is running\n  Gateway + Apollo Sandbox: ${url}\n` +
    `  Subgraphs: ${Object.entries(stack.subgraphs).map(([n, s]) => `${n} ${s.url}`).join(', ')}\n\n`);
  return {
    close: async () => {
      await stack.close();
      await searchIndex.close();
      await db.close();
    },
  };
});
