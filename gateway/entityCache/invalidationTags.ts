import { isProductEvent, type AnyEvent, type EventBus, type ProductEventType } from '../../lib/events/index.js';
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
