// The search subgraph alone: SEARCH_PORT (4004), Elasticsearch when ELASTICSEARCH_URL is set,
// else the embedded index (SEARCH_SNAPSHOT_PATH to persist it). With DATABASE_URL, an empty
// index is first built from the catalog, pricing and inventory stores.
import { openDb } from '../../lib/db/index.js';
import { runMain } from '../../lib/main.js';
import { openSearchIndex, populateSearchIndex } from '../../lib/search/index.js';
import { startSubgraph } from '../../lib/subgraph/index.js';
import { createSearchSubgraph } from './index.js';

await runMain('search', async (config, logger) => {
  const index = await openSearchIndex(config, logger);
  if (config.databaseUrl) {
    const db = await openDb(config);
    await populateSearchIndex(index, db, logger);
    await db.close();
  } else if ((await index.count()) === 0) {
    logger.warn('the search index is empty and DATABASE_URL is not set: run `npm run search:reindex` against the stores');
  }
  // The change-event indexer (lib/search createSearchIndexer: `handle(event)`) is fed by the
  // durable stream consumer of the events work once it lands; the embedded stack feeds it from its in-process bus.
  const server = await startSubgraph(createSearchSubgraph(index), {
    port: config.subgraphPorts.search, host: config.host, maxBodyBytes: config.maxBodyBytes, logger,
  });
  logger.info({ url: server.url, index: index.kind }, 'search subgraph ready');
  return {
    close: async () => {
      await server.close();
      await index.close();
    },
  };
});
