export type { CacheEntry, CacheStore } from './CacheStore.js';
export { createMemoryCacheStore } from './memoryCacheStore.js';
export { createRedisCacheStore } from './redisCacheStore.js';
export type { RedisCacheStoreOptions } from './redisCacheStore.js';
export { anonymousOnly, createEntityCache } from './EntityCache.js';
export type { CacheableRequest, CacheTicket, EntityCache, EntityCacheOptions } from './EntityCache.js';
export { entityTag, invalidationTags, rootTag, subscribeCacheInvalidation } from './invalidationTags.js';
export { cachingDataSource } from './cachingDataSource.js';
export { responseCachePlugin } from './responseCachePlugin.js';
