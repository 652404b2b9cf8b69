import { isProductEvent, type AnyEvent, type ProductEvent } from '../../../lib/events/index.js';
import type { Logger } from '../../../lib/logging/index.js';
import { applyEvent, type EventOutcome } from './applyEvent.js';
import type { SearchIndex } from '../../../lib/search/SearchIndex.js';

/** Options for {@link createSearchIndexer}. */
export interface SearchIndexerOptions {
  readonly index: SearchIndex;
  /** Ids from the root category down to `categoryId` (see `createCategoryPaths`). */
  readonly categoryPath: (categoryId: string) => readonly string[] | Promise<readonly string[]>;
  readonly logger?: Logger;
  /** Price/stock events held for products not yet indexed, at most. @default 10000 */
  readonly maxOrphans?: number;
}

/** Keeps the search index in step with change events. */
export interface SearchIndexer {
  /**
   * Applies one CloudEvent (idempotent: replays and stale events are no-ops; events of one
   * product are applied one at a time, in arrival order, newest version winning).
   * This is the seam a durable consumer calls; it resolves once the change is searchable.
   */
  handle(event: AnyEvent): Promise<EventOutcome['kind']>;
}

export function createSearchIndexer(options: SearchIndexerOptions): SearchIndexer {
  const { index } = options;
  const maxOrphans = options.maxOrphans ?? 10_000;
  // Per product, the tail of its chain of pending applications: one read-modify-write at a time.
  const queues = new Map<string, Promise<unknown>>();
  // Price/stock events that arrived before their product (the streams are independent).
  const orphans = new Map<string, ProductEvent[]>();
  let orphanCount = 0;

  async function apply(event: ProductEvent): Promise<EventOutcome['kind']> {
    const productId = event.subject;
    const current = (await index.get([productId])).get(productId);
    const path = event.type === 'commerce.catalog.product_changed.v1' && event.data.after
      ? await options.categoryPath(event.data.after.categoryId) : [];
    const categoryPaths = () => path;
    const outcome = applyEvent(current, event, categoryPaths);
    if (outcome.kind === 'orphan') {
      if (orphanCount < maxOrphans) {
        orphans.set(productId, [...(orphans.get(productId) ?? []), event]);
        orphanCount++;
      } else {
        options.logger?.warn({ productId, type: event.type }, 'search indexer: orphan event dropped (limit reached)');
      }
      return 'orphan';
    }
    if (outcome.kind === 'delete') await index.delete([productId]);
    if (outcome.kind !== 'upsert') return outcome.kind;
    let document = outcome.document;
    const held = orphans.get(productId);
    if (held) {
      orphans.delete(productId);
      orphanCount -= held.length;
      for (const orphan of held) {
        const next = applyEvent(document, orphan, categoryPaths);
        if (next.kind === 'upsert') document = next.document;
      }
    }
    await index.upsert([document]);
    return 'upsert';
  }

  function handle(event: AnyEvent): Promise<EventOutcome['kind']> {
    // Order events are not about a product's document.
    if (!isProductEvent(event)) return Promise.resolve('ignored');
    const productId = event.subject;
    const previous = queues.get(productId) ?? Promise.resolve();
    const run = previous.then(() => apply(event));
    const tail = run.catch(() => undefined);
    queues.set(productId, tail);
    void tail.then(() => {
      if (queues.get(productId) === tail) queues.delete(productId);
    });
    return run;
  }

  return {
    handle,
  };
}
