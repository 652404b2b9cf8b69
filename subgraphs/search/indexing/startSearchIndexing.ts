import { hostname } from 'node:os';
import type { Queryable } from '../../../lib/db/index.js';
import { PRODUCT_EVENT_TYPES, startDurableConsumer, type EventLog } from '../../../lib/events/index.js';
import type { Logger } from '../../../lib/logging/index.js';
import type { SearchIndex } from '../../../lib/search/SearchIndex.js';
import { createSearchIndexer, type SearchIndexer } from './searchIndexer.js';
import { createCategoryPaths } from './storeDocuments.js';

/** Consumer group of every search indexer: each change event is indexed once per deployment. */
export const SEARCH_INDEXER_GROUP = 'search-indexer';

/**
 * Keeps `index` fresh from the change-event streams: a durable consumer (group
 * {@link SEARCH_INDEXER_GROUP}) feeding the indexer, so events published while the indexer
 * was down are applied when it is back, each once, and a failing event is retried and then
 * dead-lettered. `db` reads category paths from the catalog store.
 */
export async function startSearchIndexing(options: { index: SearchIndex; db: Queryable; log: EventLog; logger: Logger }): Promise<{ indexer: SearchIndexer; stop(): Promise<void> }> {
  const indexer = createSearchIndexer({ index: options.index, categoryPath: createCategoryPaths(options.db), logger: options.logger });
  const consumer = await startDurableConsumer({
    log: options.log,
    group: SEARCH_INDEXER_GROUP,
    consumer: `indexer-${hostname()}-${process.pid}`,
    types: PRODUCT_EVENT_TYPES,
    handle: async (event) => void (await indexer.handle(event)),
  });
  return { indexer, stop: () => consumer.stop() };
}
