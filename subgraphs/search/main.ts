// The search subgraph alone: SEARCH_PORT (4004), Elasticsearch when ELASTICSEARCH_URL is set,
// else the embedded index (SEARCH_SNAPSHOT_PATH to persist it). With DATABASE_URL, an empty
// index is first built from the catalog, pricing and inventory stores.
import { openDb } from '../../lib/db/index.js';
import { openEventLog } from '../../lib/events/index.js';
import { runMain } from '../../lib/main.js';
import { openSearchIndex } from '../../lib/search/index.js';
import { createMetrics } from '../../lib/metrics/index.js';
import { loadRankingVariants } from '../../lib/search/index.js';
import { configuredNonceStore, createSubgraphClient, startSubgraph } from '../../lib/subgraph/index.js';
import { populateSearchIndex, startSearchIndexing } from './indexing/index.js';
import { createCategorySuggestions, createSearchLogSender, createSearchSubgraph, SEARCH_SERVICE_IDENTITY } from './index.js';

await runMain('search', async (config, logger) => {
  const index = await openSearchIndex(config, logger);
  if (config.databaseUrl) {
    const db = await openDb(config);
    await populateSearchIndex(index, db, logger);
    await db.close();
  } else if ((await index.count()) === 0) {
    logger.warn('the search index is empty and DATABASE_URL is not set: run `npm run search:reindex` against the stores');
  }
  // With Redis and the stores, a durable consumer keeps the index fresh from the change-event streams.
  const events = config.redisUrl && config.databaseUrl ? openEventLog({ redisUrl: config.redisUrl, keyPrefix: config.eventsKeyPrefix }) : undefined;
  const categoriesDb = events ? await openDb(config) : undefined;
  const indexing = events && categoriesDb ? await startSearchIndexing({ index, db: categoriesDb, log: events, logger }) : undefined;
  if (!indexing) logger.warn('REDIS_URL or DATABASE_URL is not set: the index will not follow change events');
  // Category suggestions read catalog's views, as the indexer does.
  // Every search ranks with its session's variant and is logged to insights (SUBGRAPH_INSIGHTS_URL).
  const ranking = await loadRankingVariants(config.searchRankingPath);
  const metrics = createMetrics({ service: 'search' });
  const searchLog = createSearchLogSender({
    insights: () => createSubgraphClient({
      name: 'insights', url: config.subgraphUrls.insights ?? [`http://127.0.0.1:${config.subgraphPorts.insights}/graphql`],
      signingKey: config.subgraphSigningKey, identity: SEARCH_SERVICE_IDENTITY,
    }),
    logger, metrics,
  });
  const categories = categoriesDb ? createCategorySuggestions(categoriesDb) : undefined;
  const server = await startSubgraph(createSearchSubgraph(index, { ranking, searchLog, ...(categories ? { categories } : {}) }), {
    metrics,
    port: config.subgraphPorts.search, host: config.host, maxBodyBytes: config.maxBodyBytes, logger,
    signingKey: config.subgraphSigningKey,
    signatureMaxAgeSeconds: config.subgraphSignatureMaxAgeSeconds,
    nonceStore: configuredNonceStore(config),
  });
  logger.info({ url: server.url, index: index.kind }, 'search subgraph ready');
  return {
    close: async () => {
      await server.close();
      await searchLog.close();
      await indexing?.stop();
      await events?.close();
      await categoriesDb?.close();
      await index.close();
    },
  };
});
