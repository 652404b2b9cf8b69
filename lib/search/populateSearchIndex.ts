import type { Queryable } from '../db/index.js';
import type { Logger } from '../logging/index.js';
import { reindex } from './reindex.js';
import type { SearchIndex } from './SearchIndex.js';
import { countStoreProducts, readStoreDocuments } from './storeDocuments.js';

/**
 * Fills an empty index from the stores (first start, no snapshot); an index that already
 * holds documents (restored from its snapshot) is left as it is.
 * @returns the number of documents indexed (0 when the index was not empty).
 */
export async function populateSearchIndex(index: SearchIndex, db: Queryable, logger?: Logger): Promise<number> {
  if ((await index.count()) > 0) return 0;
  const started = performance.now();
  const indexed = await reindex(index, readStoreDocuments(db), { total: await countStoreProducts(db) });
  logger?.info({ products: indexed, ms: Math.round(performance.now() - started) }, 'search index built from the stores');
  return indexed;
}
