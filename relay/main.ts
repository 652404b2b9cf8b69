// The outbox relay alone: publishes the change events that catalog, pricing and inventory commit
// to their outboxes to Redis, and keeps every published event in the event store
// (event_store.events, a durable consumer of the streams). Run it when the store subgraphs run with
// OUTBOX_RELAY=separate; any number of relays may run at once (rows are claimed with FOR UPDATE SKIP
// LOCKED; the event-store consumers share one consumer group). /healthz, /readyz and /metrics on RELAY_PORT (4006).
import { ConfigError } from '../lib/config/index.js';
import { openDb } from '../lib/db/index.js';
import { OUTBOX_SCHEMAS, openEventLog, startConfiguredRelay } from '../lib/events/index.js';
import { startEventStore } from '../lib/eventStore/index.js';
import { healthRoutes, redisCheck, storeCheck } from '../lib/health/index.js';
import { startOpsServer } from '../lib/http/opsServer.js'; // not the index: no Apollo Server in this process
import { runMain } from '../lib/main.js';
import { createMetrics } from '../lib/metrics/index.js';

await runMain('relay', async (config, logger) => {
  if (!config.databaseUrl || !config.redisUrl) throw new ConfigError(['the relay needs DATABASE_URL (the stores) and REDIS_URL (where it publishes)']);
  const db = await openDb(config);
  const metrics = createMetrics({ service: 'relay' });
  const relay = await startConfiguredRelay({ ...config, redisUrl: config.redisUrl }, { db, schemas: OUTBOX_SCHEMAS, logger, metrics });
  const storeLog = openEventLog({ redisUrl: config.redisUrl, keyPrefix: config.eventsKeyPrefix });
  const eventStore = await startEventStore({ db, log: storeLog, logger, metrics, retentionMonths: config.eventStoreRetentionMonths });
  const server = await startOpsServer({
    port: config.relayPort, host: config.host,
    routes: { ...healthRoutes([storeCheck(db), redisCheck(config.redisUrl)]), '/metrics': (req, res) => metrics.handler(req, res) },
  });
  logger.info({ schemas: OUTBOX_SCHEMAS, port: server.port }, 'outbox relay and event store ready');
  return {
    close: async () => {
      await server.close();
      await relay.stop();
      await eventStore.stop();
      await storeLog.close();
      await db.close();
    },
  };
});
