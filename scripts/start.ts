// npm start — the whole stack in one process on embedded defaults: PGlite in .data/pglite
// (or DATABASE_URL), seeded with the sample store on first start.
import { createFileSupergraphSource } from '../gateway/supergraphSource.js';
import { ConfigError, gatewayAuthProblems } from '../lib/config/index.js';
import { openDb } from '../lib/db/index.js';
import { redisCheck } from '../lib/health/index.js';
import { runMain } from '../lib/main.js';
import { fromRoot } from '../lib/paths.js';
import { loadRankingVariants, openSearchIndex } from '../lib/search/index.js';
import { populateSearchIndex } from '../subgraphs/search/indexing/index.js';
import { seedSampleStore } from '../stack/sampleStore.js';
import { startStack } from '../stack/embeddedStack.js';
import { stackSecurity } from '../stack/stackSecurity.js';

await runMain('stack', async (config, logger) => {
  const dataDir = config.databaseUrl ? undefined : (config.dataDir ?? fromRoot('.data', 'pglite'));
  logger.info(config.databaseUrl ? 'store: PostgreSQL (DATABASE_URL)' : `store: PGlite in ${dataDir}`);
  logger.info(config.redisUrl ? 'change events: Redis (REDIS_URL)' : 'change events: in-process event log');
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir });
  // Unset keys were generated once into .data/dev-secrets.json (git-ignored, runMain), where `npm run token` finds them.
  const problems = gatewayAuthProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const security = stackSecurity({
    auth: config.auth,
    signingKey: config.subgraphSigningKey,
    signatureMaxAgeSeconds: config.subgraphSignatureMaxAgeSeconds,
    limits: config.limits,
    mutationsNeedCaller: config.auth.mutationsNeedCaller,
  });
  const searchIndex = await openSearchIndex(config, logger, { snapshotPath: fromRoot('.data', 'search', 'index.json') });
  const stack = await startStack({
    db, logger, host: config.host, environment: config.environment, maxBodyBytes: config.maxBodyBytes,
    gatewayPort: config.gatewayPort, subgraphPorts: config.subgraphPorts, security, searchIndex,
    supergraphSdl: createFileSupergraphSource({ path: config.supergraphPath, logger }), // hot reload on change and SIGHUP
    readiness: config.redisUrl ? [redisCheck(config.redisUrl)] : [],
    carriers: config.carriers, shipping: config.shipping,
    redisUrl: config.redisUrl,
    events: { relayBatchSize: config.relayBatchSize, relayPollIntervalMs: config.relayPollIntervalMs, keyPrefix: config.eventsKeyPrefix },
    eventStore: { retentionMonths: config.eventStoreRetentionMonths }, subscriptionLimits: config.subscriptions, entityCache: config, graphiql: config.graphiql,
    webhooks: config.webhooks, edge: config,
    searchRanking: await loadRankingVariants(config.searchRankingPath), insights: { retentionDays: config.searchLogRetentionDays },
  });
  const seeded = await seedSampleStore(db, { events: true }); // through the outbox: replays start from the first product
  if (seeded > 0) logger.info({ products: seeded }, 'seeded the sample store');
  // First start (no snapshot): build the search index from the stores.
  await populateSearchIndex(searchIndex, db, logger);
  const url = stack.gateway.url;
  process.stdout.write(`\n  commerce-supergraph is running\n  Gateway + Apollo Sandbox: ${url}\n  Subscriptions: ${url.replace(/^http/, 'ws')} (graphql-ws), or SSE / multipart on ${url}\n` +
    (config.graphiql ? `  GraphiQL (offline, no CDN): ${url.replace(/graphql$/, 'graphiql')}\n` : '') +
    `  Subgraphs: ${Object.entries(stack.subgraphs).map(([n, s]) => `${n} ${s.url}`).join(', ')}\n` +
    `  Metrics: ${url.replace(/graphql$/, 'metrics')}  Health: /healthz /readyz on every service\n` +
    (config.auth.jwksUrl ? '' :
      `  Writes need a token: npm run token -- --role merchandiser   (or warehouse, admin; see docs/security.md)\n` +
      `  then send the header  Authorization: Bearer <token>\n`) +
    (stack.carrierSimulator ? `  Carrier simulator (dev credentials for this run): ${stack.carrierSimulator.url}/admin/stats\n` : '') +
    (stack.payments.paymentSimulator() ? `  Payment simulator (dev credentials for this run): ${stack.payments.paymentSimulator()!.url}/admin/stats\n` : '') + '\n');
  return {
    close: async () => {
      await stack.close();
      await searchIndex.close();
      await db.close();
    },
  };
});
