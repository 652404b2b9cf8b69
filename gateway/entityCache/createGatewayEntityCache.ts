import type { Config } from '../../lib/config/index.js';
import type { EventBus } from '../../lib/events/index.js';
import type { Logger } from '../../lib/logging/index.js';
import type { Metrics } from '../../lib/metrics/index.js';
import { createEntityCache, type EntityCache, type EntityCacheOptions } from './EntityCache.js';
import { subscribeCacheInvalidation } from './invalidationTags.js';
import { createMemoryCacheStore } from './memoryCacheStore.js';
import { createRedisCacheStore } from './redisCacheStore.js';

/**
 * The entity cache a gateway process runs with, from config: in process, plus Redis when
 * `REDIS_URL` is set (shared by replicas), subscribed to `bus` for invalidation. Undefined when
 * `ENTITY_CACHE` is off. Needs the change-event bus: without invalidation, entries would only
 * expire by TTL.
 */
export async function createGatewayEntityCache(
  config: Pick<Config, 'entityCache' | 'entityCacheTtlMs' | 'entityCacheDisabled' | 'redisUrl'>,
  bus: EventBus,
  logger: Logger,
  cacheable?: EntityCacheOptions['cacheable'],
  metrics?: Metrics,
): Promise<{ cache: EntityCache; close(): Promise<void> } | undefined> {
  if (!config.entityCache) return undefined;
  const stores = [createMemoryCacheStore()];
  if (config.redisUrl) stores.push(createRedisCacheStore({ url: config.redisUrl, logger }));
  const cache = createEntityCache({ stores, ttlMs: config.entityCacheTtlMs, disabled: config.entityCacheDisabled, logger, cacheable, metrics });
  const unsubscribe = await subscribeCacheInvalidation(cache, bus);
  return {
    cache,
    async close() {
      await unsubscribe();
      await cache.close();
    },
  };
}
