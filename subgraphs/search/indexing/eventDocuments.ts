import { PRODUCT_EVENT_TYPES, type ProductEvent, type ProductEventType } from '../../../lib/events/index.js';
import type { SearchDocument } from '../../../lib/search/SearchIndex.js';
import { applyEvent, type CategoryPaths } from './applyEvent.js';

/**
 * The order a replay reads the product events in: every product first, so that a price or
 * stock event always finds its product's document (one left without is a deleted product's).
 */
export const SEARCH_REPLAY_TYPES: readonly ProductEventType[] = [
  'commerce.catalog.product_changed.v1',
  ...PRODUCT_EVENT_TYPES.filter((type) => type !== 'commerce.catalog.product_changed.v1'),
];

/** Folds product change events into search documents, as the live indexer does, for a replay. */
export interface SearchDocumentFold {
  apply(events: Iterable<ProductEvent>): void;
  /** The documents folded so far, in catalog order (`seq`), as `readStoreDocuments` gives them. */
  documents(): SearchDocument[];
}

/**
 * The search projection rebuilt from the change events alone: the same `applyEvent` the
 * indexer runs, so a replayed index equals the live one by construction and equals a reindex
 * from the stores whenever every change went through the outbox (test/eventReplay.e2e.test.ts).
 * Events may come in any order per product: versions decide. `now` fixes which sale prices apply.
 */
export function createSearchDocumentFold(categoryPaths: CategoryPaths, now = new Date()): SearchDocumentFold {
  const documents = new Map<string, SearchDocument>();
  return {
    apply(events) {
      for (const event of events) {
        const outcome = applyEvent(documents.get(event.data.productId), event, categoryPaths, now);
        if (outcome.kind === 'upsert') documents.set(outcome.document.id, outcome.document);
        else if (outcome.kind === 'delete') documents.delete(event.data.productId);
      }
    },
    documents: () => [...documents.values()].sort((a, b) => a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
