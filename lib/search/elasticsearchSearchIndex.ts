import { Client } from '@elastic/elasticsearch';
import {
  buildAliasSwap, buildBulkBody, buildCorrectionBody, buildIndexDefinition, buildSearchBody, buildSuggestBody, parseCorrectionResponse,
  parseSearchResponse, parseSuggestResponse, versionedIndexName, type CorrectionResponseBody, type SearchResponseBody, type SuggestResponseBody,
} from './elasticsearchRequests.js';
import { suggestionKey } from './suggestions.js';
import type { ReindexSession, SearchDocument, SearchIndex } from './SearchIndex.js';
import type { SynonymRule } from './synonyms.js';

/** Options for {@link createElasticsearchSearchIndex}. */
export interface ElasticsearchSearchIndexOptions {
  /** Elasticsearch URL (`ELASTICSEARCH_URL`). */
  readonly node: string;
  /** The alias queries and writes go through; versions are `<alias>_v<timestamp>`. @default 'products' */
  readonly alias?: string;
  /** @default ['EUR', 'USD', 'GBP'] */
  readonly currencies?: readonly string[];
  /** Wait until writes are searchable before resolving (tests, the indexer's "visible" guarantee). @default true */
  readonly waitForRefresh?: boolean;
  /** Synonym rules of the search analyser (see `synonyms.ts`); fixed per index version. @default [] */
  readonly synonyms?: readonly SynonymRule[];
}

/**
 * The Elasticsearch {@link SearchIndex} (@elastic/elasticsearch 8.x, for Elasticsearch 8):
 * explicit mappings and analysers, bulk writes, and versioned indices behind an alias that a
 * reindex swaps atomically (`_aliases`), so searches never see a half-built index.
 */
/** Mapped fields added after the first version of the mapping, put on a live index at open. */
const ADDED_FIELDS = { saleCurrencies: { type: 'keyword' } } as const;

export async function createElasticsearchSearchIndex(options: ElasticsearchSearchIndexOptions): Promise<SearchIndex> {
  const alias = options.alias ?? 'products';
  const currencies = [...(options.currencies ?? ['EUR', 'USD', 'GBP'])];
  const refresh = options.waitForRefresh === false ? false : 'wait_for';
  const client = new Client({ node: options.node });
  let building: string | null = null;

  async function aliasedIndices(): Promise<string[]> {
    const exists = await client.indices.existsAlias({ name: alias });
    if (!exists) return [];
    return Object.keys(await client.indices.getAlias({ name: alias }));
  }

  async function createVersion(withAlias: boolean): Promise<string> {
    const name = versionedIndexName(alias);
    const definition = buildIndexDefinition(currencies, options.synonyms);
    await client.indices.create({ index: name, ...(definition as any), ...(withAlias ? { aliases: { [alias]: { is_write_index: true } } } : {}) });
    return name;
  }

  async function bulk(index: string, upserts: readonly SearchDocument[], deletes: readonly string[] = []): Promise<void> {
    if (upserts.length === 0 && deletes.length === 0) return;
    const response = await client.bulk({ operations: buildBulkBody(index, upserts, deletes), refresh });
    if (response.errors) {
      const failed = response.items.map((item) => Object.values(item)[0]!)
        .filter((r) => r.error && !(r.status === 404)); // deleting an absent id is fine
      if (failed.length > 0) throw new Error(`Elasticsearch bulk failed for ${failed.length} item(s): ${JSON.stringify(failed[0]!.error)}`);
    }
  }

  if ((await aliasedIndices()).length === 0) await createVersion(true);
  // Fields added to the mapping since the live version was built (the mapping is strict): a new
  // field may be added to a live index; anything else changes only with a reindex.
  else await client.indices.putMapping({ index: alias, properties: ADDED_FIELDS });

  return {
    kind: 'elasticsearch',
    currencies,
    async upsert(documents) {
      await bulk(alias, documents);
      if (building) await bulk(building, documents);
    },
    async delete(ids) {
      await bulk(alias, [], ids);
      if (building) await bulk(building, [], ids);
    },
    async get(ids) {
      const found = new Map<string, SearchDocument>();
      if (ids.length === 0) return found;
      const response = await client.mget<SearchDocument>({ index: alias, ids: [...ids] });
      for (const doc of response.docs) if ('found' in doc && doc.found && doc._source) found.set(doc._id, doc._source);
      return found;
    },
    async search(query) {
      for (const c of [query.currency, query.filters?.price?.currency]) {
        if (c && !currencies.includes(c)) throw new RangeError(`currency ${c} is not indexed (indexed: ${currencies.join(', ')})`);
      }
      const response = await client.search({ index: alias, ...(buildSearchBody(query, currencies) as any) });
      return parseSearchResponse(response as unknown as SearchResponseBody, query, currencies);
    },
    async suggest(prefix, limit) {
      if (suggestionKey(prefix) === '' || limit < 1) return [];
      const response = await client.search({ index: alias, ...(buildSuggestBody(prefix, limit) as any) });
      return parseSuggestResponse(response as unknown as SuggestResponseBody, prefix, limit);
    },
    async correct(text) {
      if (suggestionKey(text) === '') return undefined;
      const response = await client.search({ index: alias, ...(buildCorrectionBody(text) as any) });
      return parseCorrectionResponse(response as unknown as CorrectionResponseBody);
    },
    async count() {
      return (await client.count({ index: alias })).count;
    },
    async beginReindex(): Promise<ReindexSession> {
      if (building) throw new Error('a reindex is already running');
      const next = await createVersion(false);
      building = next;
      return {
        upsert: (documents) => bulk(next, documents),
        async commit() {
          if (building !== next) throw new Error('this reindex was aborted');
          await client.indices.refresh({ index: next });
          const old = await aliasedIndices();
          await client.indices.updateAliases(buildAliasSwap(alias, next, old));
          building = null;
          if (old.length > 0) await client.indices.delete({ index: old });
        },
        async abort() {
          if (building === next) building = null;
          await client.indices.delete({ index: next, ignore_unavailable: true });
        },
      };
    },
    async close() {
      await client.close();
    },
  };
}
