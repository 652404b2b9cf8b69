import { describe, expect, it } from 'vitest';
import { HeaderMap } from '@apollo/server';
import { createInProcessEventLog, createStreamEventBus, type CloudEvent, type Events } from '../../lib/events/index.js';
import { createMetrics } from '../../lib/metrics/index.js';
import { anonymousOnly, createEntityCache } from './EntityCache.js';
import { invalidationTags, subscribeCacheInvalidation } from './invalidationTags.js';
import { createMemoryCacheStore } from './memoryCacheStore.js';
import type { CacheStore } from './CacheStore.js';

const failing: CacheStore = {
  name: 'down',
  get: async () => Promise.reject(new Error('ECONNREFUSED')),
  set: async () => Promise.reject(new Error('ECONNREFUSED')),
  invalidate: async () => Promise.reject(new Error('ECONNREFUSED')),
  close: async () => undefined,
};

const priceChanged = (productId: string): CloudEvent<'commerce.pricing.price_changed.v1', Events['commerce.pricing.price_changed.v1']> => ({
  specversion: '1.0', id: `e-${Math.random()}`, source: '/commerce/pricing', type: 'commerce.pricing.price_changed.v1',
  subject: productId, time: new Date().toISOString(), datacontenttype: 'application/json',
  data: { productId, currency: 'EUR', before: null, after: { listAmount: 1, saleAmount: null, saleValidFrom: null, saleValidTo: null, version: 1 } },
});

describe('createEntityCache', () => {
  it('counts hits and misses per key in gateway_entity_cache_lookups_total', async () => {
    const metrics = createMetrics({ service: 'test', processMetrics: false });
    const cache = createEntityCache({ stores: [createMemoryCacheStore()], metrics });
    await cache.set(cache.ticket(), [{ key: 'a', value: '1', tags: ['t'] }]);
    await cache.get(['a', 'b', 'c']);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/gateway_entity_cache_lookups_total\{[^}]*result="hit"[^}]*\} 1/);
    expect(text).toMatch(/gateway_entity_cache_lookups_total\{[^}]*result="miss"[^}]*\} 2/);
  });

  it('refuses to store an answer fetched before an invalidation of its tags', async () => {
    const cache = createEntityCache({ stores: [createMemoryCacheStore()] });
    const ticket = cache.ticket();
    await cache.invalidate(['pricing:Product:p-1']);
    await cache.set(ticket, [
      { key: 'stale', value: '1', tags: ['pricing:Product:p-1'] },
      { key: 'other', value: '2', tags: ['pricing:Product:p-2'] },
    ]);
    expect(await cache.get(['stale', 'other'])).toEqual([undefined, '2']);
  });

  it('refuses every write whose ticket is older than the remembered invalidations', async () => {
    const cache = createEntityCache({ stores: [createMemoryCacheStore()], raceWindowMs: 0 });
    const ticket = cache.ticket();
    await cache.invalidate(['a']);
    await cache.invalidate(['b']);
    cache.ticket(); // prunes the log
    await cache.set(ticket, [{ key: 'k', value: '1', tags: ['c'] }]);
    expect(await cache.get(['k'])).toEqual([undefined]);
  });

  it('treats a failing store as a miss and keeps serving from the others', async () => {
    const cache = createEntityCache({ stores: [failing, createMemoryCacheStore()] });
    await cache.set(cache.ticket(), [{ key: 'k', value: 'v', tags: [] }]);
    expect(await cache.get(['k', 'x'])).toEqual(['v', undefined]);
    await expect(cache.invalidate(['t'])).resolves.toBeUndefined();
  });

  it('is off for the types named in disabled', () => {
    const cache = createEntityCache({ stores: [], disabled: ['pricing.Product'] });
    expect(cache.enabled('pricing', 'Product')).toBe(false);
    expect(cache.enabled('inventory', 'Product')).toBe(true);
  });

  it('shares only requests without identity headers by default', () => {
    const headers = new HeaderMap();
    expect(anonymousOnly({ http: { headers } })).toBe(true);
    headers.set('authorization', 'Bearer x');
    expect(anonymousOnly({ http: { headers } })).toBe(false);
  });
});

describe('invalidationTags', () => {
  it('names only the owning subgraph’s entries of the product', () => {
    expect(invalidationTags(priceChanged('p-9'))).toEqual(['pricing:Product:p-9', 'pricing:*:p-9']);
  });

  it('drops catalog root entries when a product moves category', () => {
    const state = { name: 'n', slug: 's', brand: 'b', categoryId: 'c-1', description: '', attributes: [], version: 1 };
    const tags = invalidationTags({
      specversion: '1.0', id: 'e', source: '/commerce/catalog', type: 'commerce.catalog.product_changed.v1', subject: 'p-1',
      time: '', datacontenttype: 'application/json', data: { productId: 'p-1', before: state, after: { ...state, categoryId: 'c-2', version: 2 } },
    });
    expect(tags).toContain('catalog:Query');
  });
});

describe('subscribeCacheInvalidation', () => {
  it('drops the product’s entries when its event is published, and stops after unsubscribing', async () => {
    const bus = createStreamEventBus({ log: createInProcessEventLog() });
    const cache = createEntityCache({ stores: [createMemoryCacheStore()] });
    const unsubscribe = await subscribeCacheInvalidation(cache, bus);
    await cache.set(cache.ticket(), [{ key: 'p1', value: '1', tags: ['pricing:Product:p-1'] }, { key: 'p2', value: '2', tags: ['pricing:Product:p-2'] }]);
    await bus.publish(priceChanged('p-1'));
    expect(await cache.get(['p1', 'p2'])).toEqual([undefined, '2']);
    await unsubscribe();
    await cache.set(cache.ticket(), [{ key: 'p2b', value: '3', tags: ['pricing:Product:p-2'] }]);
    await bus.publish(priceChanged('p-2'));
    expect(await cache.get(['p2b'])).toEqual(['3']);
  });
});
