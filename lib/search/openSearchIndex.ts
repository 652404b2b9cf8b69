import type { Config } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { createOramaSearchIndex } from './oramaSearchIndex.js';
import type { SearchIndex } from './SearchIndex.js';
import { loadSynonymFile } from './synonyms.js';

/**
 * Elasticsearch when `ELASTICSEARCH_URL` is set, else the embedded index (restored from
 * `snapshotPath` when one was written before), either with the synonyms of `searchSynonymsPath`
 * (a bad file fails with `SynonymFileError`, code `SEARCH_SYNONYMS_INVALID`, naming each bad line).
 */
export async function openSearchIndex(
  config: Pick<Config, 'elasticsearchUrl' | 'elasticsearchIndex' | 'searchSnapshotPath' | 'searchSynonymsPath'>,
  logger?: Logger,
  defaults: { snapshotPath?: string } = {},
): Promise<SearchIndex> {
  const synonyms = await loadSynonymFile(config.searchSynonymsPath);
  if (config.elasticsearchUrl) {
    const { createElasticsearchSearchIndex } = await import('./elasticsearchSearchIndex.js');
    logger?.info({ alias: config.elasticsearchIndex, synonymRules: synonyms.length }, 'search: Elasticsearch');
    return createElasticsearchSearchIndex({ node: config.elasticsearchUrl, alias: config.elasticsearchIndex, synonyms });
  }
  const snapshotPath = config.searchSnapshotPath ?? defaults.snapshotPath;
  const index = await createOramaSearchIndex({ snapshotPath, synonyms });
  logger?.info({ snapshotPath, restored: index.restored, products: await index.count(), synonymRules: synonyms.length }, 'search: embedded index');
  return index;
}
