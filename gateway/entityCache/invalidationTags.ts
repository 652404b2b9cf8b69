import { isProductEvent, type AnyEvent, type EventBus, type ProductEventType } from '../../lib/events/index.js';
import type { EventStoreReader } from '../../lib/eventStore/index.js';
import type { CacheStore } from './CacheStore.js';
import type { EntityCache } from './EntityCache.js';

/** Which subgraph's entries each change event invalidates. */
const OWNER: Readonly<Record<ProductEventType, string>> = {
  'commerce.pricing.price_changed.v1': 'pricing',
  'commerce.inventory.stock_changed.v1': 'inventory',
  'commerce.catalog.product_changed.v1': 'catalog',
};

/** Tag of entries holding `type` `id` from `subgraph`; `*` when the answer did not name the type. */
export const entityTag = (subgraph: string, type: string, id: string) => `${subgraph}:${type}:${id}`;
/** Tag every root-field entry of `subgraph` carries. */
export const rootTag = (subgraph: string) => `${subgraph}:Query`;

/**
 * The tags a change event drops: the product's entries in the owning subgraph only (a price
 * change leaves catalog's and inventory's entries alone). A product created, deleted or moved
 * to another category also drops the catalog's root-field entries (listings change shape).
 */
export function invalidationTags(event: AnyEvent): string[] {
  if (!isProductEvent(event)) return [];
  const subgraph = OWNER[event.type];
  const id = event.data.productId ?? event.subject;
  const tags = [entityTag(subgraph, 'Product', id), entityTag(subgraph, '*', id)];
  if (event.type === 'commerce.catalog.product_changed.v1') {
    const { before, after } = event.data;
    if (!before || !after || before.categoryId !== after.categoryId) tags.push(rootTag(subgraph));
  }
  return tags;
}

/**
 * Subscribes `cache` to every change event on `bus`, dropping the affected entries as each
 * event is processed. Resolves once every subscription is active; returns the unsubscribe.
 */
export async function subscribeCacheInvalidation(cache: EntityCache, bus: EventBus): Promise<() => Promise<void>> {
  const unsubscribes = await Promise.all(
    (Object.keys(OWNER) as ProductEventType[]).map((type) =>
      bus.subscribe(type, (event) => cache.invalidate(invalidationTags(event as AnyEvent))),
    ),
  );
  return async () => void (await Promise.all(unsubscribes.map((u) => u())));
}

/**
 * Replays the change events stored since `from` through the invalidation: every entry they
 * would have dropped is dropped (after a Redis outage or a gateway that missed events, the
 * shared cache holds nothing older than the store). Tags are sent once per batch.
 * @returns the events read.
 */
export async function replayCacheInvalidation(
  cache: Pick<EntityCache | CacheStore, 'invalidate'>,
  events: EventStoreReader,
  options: { from?: Date; onProgress?: (progress: { done: number; total: number; elapsedMs: number }) => void } = {},
): Promise<number> {
  const started = performance.now();
  const types = Object.keys(OWNER) as ProductEventType[];
  const total = await events.count({ types, from: options.from });
  let read = 0;
  for await (const batch of events.scan({ types, from: options.from })) {
    await cache.invalidate([...new Set(batch.flatMap((stored) => invalidationTags(stored.event)))]);
    read += batch.length;
    options.onProgress?.({ done: read, total: Math.max(total, read), elapsedMs: performance.now() - started });
  }
  return read;
}
