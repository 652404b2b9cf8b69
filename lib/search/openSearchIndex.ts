import type { Config } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { createOramaSearchIndex } from './oramaSearchIndex.js';
import type { SearchIndex } from './SearchIndex.js';

/**
 * Elasticsearch when `ELASTICSEARCH_URL` is set, else the embedded index (restored from
 * `snapshotPath` when one was written before).
 */
export async function openSearchIndex(
  config: Pick<Config, 'elasticsearchUrl' | 'elasticsearchIndex' | 'searchSnapshotPath'>,
  logger?: Logger,
  defaults: { snapshotPath?: string } = {},
): Promise<SearchIndex> {
  if (config.elasticsearchUrl) {
    const { createElasticsearchSearchIndex } = await import('./elasticsearchSearchIndex.js');
    logger?.info({ alias: config.elasticsearchIndex }, 'search: Elasticsearch');
    return createElasticsearchSearchIndex({ node: config.elasticsearchUrl, alias: config.elasticsearchIndex });
  }
  const snapshotPath = config.searchSnapshotPath ?? defaults.snapshotPath;
  const index = await createOramaSearchIndex({ snapshotPath });
  logger?.info({ snapshotPath, restored: index.restored, products: await index.count() }, 'search: embedded index (Orama)');
  return index;
}
