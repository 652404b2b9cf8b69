import type { BaseContext } from '@apollo/server';
import type { Config } from '../config/index.js';
import { openDb } from '../db/index.js';
import { redisCheck, storeCheck } from '../health/index.js';
import { openEventLog, startConfiguredRelay } from '../events/index.js';
import { runMain } from '../main.js';
import { createMetrics } from '../metrics/index.js';
import { configuredNonceStore, startSubgraph } from './startSubgraph.js';
import { migrateSubgraph, type StoreSubgraph } from './storeSubgraph.js';

/**
 * The whole `main.ts` of a store subgraph run alone: open the store, migrate, serve.
 * `configure` builds it from the configuration, when it needs settings (payment providers).
 */
export function runStoreSubgraphMain<Ctx extends BaseContext>(defaults: StoreSubgraph<Ctx>, configure?: (config: Config) => StoreSubgraph<Ctx>): Promise<void> {
  return runMain(defaults.name, async (config, logger) => {
    const subgraph = configure?.(config) ?? defaults;
    if (!config.databaseUrl) logger.warn('DATABASE_URL is not set: using an in-memory PGlite database');
    const db = await openDb(config);
    await migrateSubgraph(db, subgraph.name);
    const metrics = createMetrics({ service: subgraph.name });
    const eventLog = subgraph.readsChangeFeed && config.redisUrl ? openEventLog({ redisUrl: config.redisUrl, keyPrefix: config.eventsKeyPrefix }) : undefined;
    const instance = subgraph.create(db, {
      logger, environment: config.environment, metrics, eventLog,
      signingKey: config.subgraphSigningKey,
      subgraphUrls: (name) => config.subgraphUrls[name] ?? [`http://127.0.0.1:${config.subgraphPorts[name]}/graphql`],
    });
    const server = await startSubgraph(instance, {
      port: config.subgraphPorts[subgraph.name],
      host: config.host,
      maxBodyBytes: config.maxBodyBytes,
      logger,
      signingKey: config.subgraphSigningKey,
      signatureMaxAgeSeconds: config.subgraphSignatureMaxAgeSeconds,
      nonceStore: configuredNonceStore(config),
      readiness: [storeCheck(db), ...(config.redisUrl ? [redisCheck(config.redisUrl)] : [])],
      metrics,
    });
    await instance.start?.();
    logger.info({ url: server.url }, `${subgraph.name} subgraph ready`);
    // With Redis, each store subgraph relays its own schema's outbox (any number of replicas may),
    // unless a relay process does it (OUTBOX_RELAY=separate, relay/main.ts).
    const relaysHere = config.outboxRelay === 'in-process';
    const relay = config.redisUrl && relaysHere
      ? await startConfiguredRelay({ ...config, redisUrl: config.redisUrl }, { db, schemas: [subgraph.name], logger, metrics: server.metrics })
      : undefined;
    if (!config.redisUrl && relaysHere) logger.warn('REDIS_URL is not set: change events stay in the outbox until a relay with Redis runs');
    return {
      close: async () => {
        await server.close();
        await instance.close?.();
        await eventLog?.close();
        await relay?.stop();
        await db.close();
      },
    };
  });
}
