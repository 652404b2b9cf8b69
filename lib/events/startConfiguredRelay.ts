import type { Config } from '../config/index.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import { openEventLog } from './openEventLog.js';
import { startOutboxRelay, type OutboxSchema } from './outboxRelay.js';

/**
 * The outbox relay of a service's main: appending to the streams on the Redis of `REDIS_URL` (under
 * `EVENTS_KEY_PREFIX`), batching and polling as `RELAY_*` say, failures logged, figures in
 * `metrics`. `stop()` stops the relay, then closes its Redis connections.
 */
export async function startConfiguredRelay(
  config: Pick<Config, 'eventsKeyPrefix' | 'relayBatchSize' | 'relayPollIntervalMs'> & { readonly redisUrl: string },
  options: { readonly db: Db; readonly schemas: readonly OutboxSchema[]; readonly logger: Logger; readonly metrics: Metrics },
): Promise<{ stop(): Promise<void> }> {
  const log = openEventLog({ redisUrl: config.redisUrl, keyPrefix: config.eventsKeyPrefix });
  const relay = await startOutboxRelay({
    db: options.db, log, schemas: options.schemas,
    batchSize: config.relayBatchSize, pollIntervalMs: config.relayPollIntervalMs,
    onError: (err, context) => options.logger.warn({ err, ...context }, 'event relay'),
    metrics: options.metrics,
  });
  return {
    async stop() {
      await relay.stop();
      await log.close();
    },
  };
}
