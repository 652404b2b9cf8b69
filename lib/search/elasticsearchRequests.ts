// Pure builders of the Elasticsearch request bodies, unit-tested without a server.
import { emptyPriceRanges, sortFacet } from './priceBuckets.js';
import { DEFAULT_RANKING, type Ranking } from './ranking.js';
import type { SearchDocument, SearchQuery, SearchResult } from './SearchIndex.js';
import { solrLine, type SynonymRule } from './synonyms.js';
import { suggestionKey, type Suggestion } from './suggestions.js';

/** The text analysis of an index version: the same words as the embedded index makes (`textIndex.ts`, `productTokenizer.ts`). */
export function buildAnalysis(synonyms: readonly SynonymRule[]) {
  // Words, lower-cased, folded to ASCII ("Café" finds "cafe") and stemmed (Porter, as Orama's English stemmer: "shoes" finds "shoe").
  const words = ['lowercase', 'asciifolding', 'english_stemmer'];
  return {
    filter: {
      english_stemmer: { type: 'stemmer', language: 'english' },
      // The rules are parsed by the filters before this one, so they meet the query's stemmed, folded words.
      ...(synonyms.length > 0 ? { product_synonyms: { type: 'synonym_graph', expand: true, synonyms: synonyms.map(solrLine) } } : {}),
    },
    analyzer: {
      product_text: { type: 'custom', tokenizer: 'standard', filter: words },
      // The words as written (folded, not stemmed): what "did you mean" offers back.
      product_words: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
      // Synonyms at query time only: indexed words stay the product's own.
      product_search: { type: 'custom', tokenizer: 'standard', filter: synonyms.length > 0 ? [...words, 'product_synonyms'] : words },
    },
  } as const;
}

/**
 * Settings and explicit mappings of one index version (`dynamic: strict`: an unmapped field is
 * an error, not a guess). The synonyms are part of the version: a changed list takes effect on
 * the next `search:reindex`.
 */
export function buildIndexDefinition(currencies: readonly string[], synonyms: readonly SynonymRule[] = []) {
  const analysis = buildAnalysis(synonyms);
  const text = { type: 'text', analyzer: 'product_text', search_analyzer: 'product_search' } as const;
  // The words as written (folded, not stemmed): what suggest completes and "did you mean" offers back.
  const words = { words: { type: 'text', analyzer: 'product_words' } } as const;
  return {
    settings: {
      number_of_shards: 1,
      // Fresh writes become searchable within a quarter second (the index-update goal is < 500 ms).
      refresh_interval: '250ms',
      analysis: {
        ...analysis,
        normalizer: {
          sort_key: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
        },
      },
    },
    mappings: {
      dynamic: 'strict',
      properties: {
        id: { type: 'keyword' },
        seq: { type: 'long' },
        name: { ...text, copy_to: 'all_text', fields: { sort: { type: 'keyword', normalizer: 'sort_key' }, ...words } },
        description: { ...text, copy_to: 'all_text' },
        attributes: { ...text, copy_to: 'all_text' },
        brand: { type: 'keyword', copy_to: 'all_text', fields: words },
        all_text: { ...text, fields: words },
        categoryId: { type: 'keyword' },
        categoryPath: { type: 'keyword' },
        inStock: { type: 'boolean' },
        saleCurrencies: { type: 'keyword' },
        prices: { properties: Object.fromEntries(currencies.map((c) => [c, { type: 'integer' }])) },
        // Kept for the indexer's read-modify-write, never searched.
        stock: { type: 'object', enabled: false },
        versions: { type: 'object', enabled: false },
      },
    },
  } as const;
}

const currencyOf = (query: SearchQuery, currencies: readonly string[]) => query.currency ?? query.filters?.price?.currency ?? currencies[0]!;

/** Fuzziness per typo policy: `fallback` keeps the length-based allowance (Elasticsearch has no "typos only when nothing matched"). */
const FUZZINESS: Record<Ranking['typoTolerance'], string | number> = { fallback: 'AUTO:4,8', always: 'AUTO:3,6', off: 0 };

/**
 * The relevance query of a ranking variant: every word up to three must match somewhere, half of
 * them from four on (`all_text`, weighted by `keywordsBoost`; a match of every word adds twice
 * that), a match in the name adds `nameBoost` (and a phrase match two thirds of it), in the brand
 * `brandBoost`; in-stock, on-sale (in the query's currency) and recency boosts multiply the score (function_score). Elasticsearch has no
 * min/max of the hits' creation order, so recency saturates instead: `1 + recencyBoost × seq / (seq + pivot)`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a request body: Elasticsearch's types are looser still
export function buildRelevanceQuery(text: string, filter: readonly object[], ranking: Ranking = DEFAULT_RANKING, currency = 'EUR', recencyPivot = 1000): Record<string, any> {
  const fuzziness = FUZZINESS[ranking.typoTolerance];
  // Typos by the variant's policy; a multi-word synonym needs all its words, in any order, as in the embedded index (not a phrase).
  const allText = { query: text, fuzziness, auto_generate_synonyms_phrase_query: false };
  const bool = {
    bool: {
      // As the embedded index: every word up to three, half of them from four on (a whole product name also finds its kin).
      must: text === '' ? [{ match_all: {} }] : [{ match: { all_text: { ...allText, minimum_should_match: '3<50%', boost: ranking.keywordsBoost } } }],
      // Every word matched ranks above some; the name and brand boosts read the query's own words (no synonyms).
      should: text === '' ? [] : [
        { match: { all_text: { ...allText, operator: 'and', boost: 2 * ranking.keywordsBoost } } },
        ...(ranking.nameBoost === 0 ? [] : [
          { match: { name: { query: text, analyzer: 'product_text', fuzziness, boost: ranking.nameBoost } } },
          { match_phrase: { name: { query: text, analyzer: 'product_text', boost: (ranking.nameBoost * 2) / 3 } } },
        ]),
        ...(ranking.brandBoost === 0 ? [] : [{ match: { 'brand.words': { query: text, boost: ranking.brandBoost } } }]),
      ],
      filter: [...filter],
    },
  };
  if (text === '' || (ranking.inStockBoost === 0 && ranking.onSaleBoost === 0 && ranking.recencyBoost === 0)) return bool;
  const functions: object[] = [];
  if (ranking.inStockBoost > 0) functions.push({ filter: { term: { inStock: true } }, weight: 1 + ranking.inStockBoost });
  if (ranking.onSaleBoost > 0) functions.push({ filter: { term: { saleCurrencies: currency } }, weight: 1 + ranking.onSaleBoost });
  if (ranking.recencyBoost > 0) {
    functions.push({ script_score: { script: { source: "1 + params.boost * doc['seq'].value / (doc['seq'].value + params.pivot)", params: { boost: ranking.recencyBoost, pivot: recencyPivot } } } });
  }
  return { function_score: { query: bool, functions, score_mode: 'multiply', boost_mode: 'multiply' } };
}

export function buildSearchBody(query: SearchQuery, currencies: readonly string[]) {
  const currency = currencyOf(query, currencies);
  const text = query.text?.trim() ?? '';
  const filters = query.filters ?? {};
  const filter: object[] = [];
  if (filters.categoryIds?.length) filter.push({ terms: { categoryPath: [...filters.categoryIds] } });
  if (filters.brands?.length) filter.push({ terms: { brand: [...filters.brands] } });
  if (filters.price) {
    filter.push({ range: { [`prices.${filters.price.currency}`]: { gte: filters.price.min ?? 0, ...(filters.price.max !== undefined ? { lte: filters.price.max } : {}) } } });
  }
  if (filters.inStock !== undefined) filter.push({ term: { inStock: filters.inStock } });
  const priceField = `prices.${currency}`;
  const sort = query.sort ?? 'RELEVANCE';
  const bySeq = { seq: { order: 'asc' } };
  const sortClause =
    sort === 'PRICE_ASC' ? [{ [priceField]: { order: 'asc', missing: '_last' } }, bySeq]
      : sort === 'PRICE_DESC' ? [{ [priceField]: { order: 'desc', missing: '_last' } }, bySeq]
        : sort === 'NAME' ? [{ 'name.sort': { order: 'asc' } }, bySeq]
          : sort === 'NEWEST' ? [{ seq: { order: 'desc' } }]
            : text === '' ? [bySeq] : ['_score', bySeq];
  return {
    from: query.offset,
    size: query.limit,
    track_total_hits: true,
    _source: ['id', 'name'],
    query: buildRelevanceQuery(text, filter, query.ranking, currency),
    sort: sortClause,
    aggs: {
      brand: { terms: { field: 'brand', size: 1000 } },
      category: { terms: { field: 'categoryId', size: 1000 } },
      price: { range: { field: priceField, ranges: emptyPriceRanges(currency).map((r) => (r.max === null ? { from: r.min } : { from: r.min, to: r.max })) } },
    },
    ...(text === '' ? {} : {
      highlight: { pre_tags: ['<em>'], post_tags: ['</em>'], encoder: 'html', require_field_match: false, fields: { name: { number_of_fragments: 0 } } },
    }),
  };
}

interface Bucket { key: string | number; doc_count: number }
/** The parts of a `_search` response {@link parseSearchResponse} reads. */
export interface SearchResponseBody {
  hits: { total: { value: number } | number; hits: { _id: string; _source?: { name?: string }; highlight?: { name?: string[] } }[] };
  aggregations?: Record<string, { buckets: Bucket[] }>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Maps a `_search` response to a {@link SearchResult}. */
export function parseSearchResponse(body: SearchResponseBody, query: SearchQuery, currencies: readonly string[]): SearchResult {
  const currency = currencyOf(query, currencies);
  const text = query.text?.trim() ?? '';
  const buckets = (name: string) => body.aggregations?.[name]?.buckets ?? [];
  const priceBuckets = buckets('price');
  return {
    total: typeof body.hits.total === 'number' ? body.hits.total : body.hits.total.value,
    hits: body.hits.hits.map((hit) => ({
      id: hit._id,
      highlight: text === '' ? null : (hit.highlight?.name?.[0] ?? escapeHtml(hit._source?.name ?? '')),
    })),
    facets: {
      brand: sortFacet(buckets('brand').map((b) => [String(b.key), b.doc_count])),
      category: sortFacet(buckets('category').map((b) => [String(b.key), b.doc_count])),
      priceRanges: emptyPriceRanges(currency).map((r, i) => ({ ...r, count: priceBuckets[i]?.doc_count ?? 0 })),
    },
  };
}

/** A `_bulk` body (NDJSON lines as objects): index each document under its id, delete each id. */
export function buildBulkBody(index: string, upserts: readonly SearchDocument[], deletes: readonly string[] = []): object[] {
  const lines: object[] = [];
  for (const doc of upserts) lines.push({ index: { _index: index, _id: doc.id } }, doc);
  for (const id of deletes) lines.push({ delete: { _index: index, _id: id } });
  return lines;
}

/** The `_aliases` actions that move `alias` from `oldIndices` to `newIndex` in one atomic step. */
export function buildAliasSwap(alias: string, newIndex: string, oldIndices: readonly string[]) {
  return {
    actions: [
      ...oldIndices.map((index) => ({ remove: { index, alias } })),
      { add: { index: newIndex, alias, is_write_index: true } },
    ],
  };
}

/** The name of a new index version behind `alias`: `<alias>_v<timestamp>`, sortable. */
export const versionedIndexName = (alias: string, now = new Date()) =>
  `${alias}_v${now.toISOString().replace(/[-:.TZ]/g, '').slice(0, 17)}`;

/**
 * Completions: names where the prefix matches as a phrase over their words as written (its last
 * word half typed), those it starts ranked first; and, over the whole index, the brands it
 * matches alike with their product counts. Ranked as the embedded index does by
 * {@link parseSuggestResponse}.
 */
export function buildSuggestBody(prefix: string, limit: number) {
  const phrase = (field: string) => ({ match_phrase_prefix: { [field]: { query: prefix, max_expansions: 50 } } });
  return {
    size: limit * 3, // spares: a name repeating another's text is dropped
    _source: ['name'],
    query: { bool: { filter: [phrase('name.words')], should: [{ prefix: { 'name.sort': suggestionKey(prefix) } }] } },
    sort: ['_score', { 'name.sort': { order: 'asc' } }, { seq: { order: 'asc' } }],
    aggs: { everything: { global: {}, aggs: { brands: { filter: phrase('brand.words'), aggs: { values: { terms: { field: 'brand', size: 100 } } } } } } },
  };
}

export interface SuggestResponseBody {
  hits: { hits: { _id: string; _source?: { name?: string } }[] };
  aggregations?: { everything?: { brands?: { values: { buckets: { key: string | number; doc_count: number }[] } } } };
}

/** The same order as the embedded index: brands the prefix starts by count, names starting with it, other names; each text once. */
export function parseSuggestResponse(body: SuggestResponseBody, prefix: string, limit: number): Suggestion[] {
  const key = suggestionKey(prefix);
  const brands = (body.aggregations?.everything?.brands?.values.buckets ?? [])
    .map((b): Suggestion => ({ text: String(b.key), kind: 'brand', count: b.doc_count }))
    .filter((b) => suggestionKey(b.text).startsWith(key))
    .sort((a, b) => b.count! - a.count!);
  const names = body.hits.hits.filter((h) => h._source?.name).map((h): Suggestion => ({ text: h._source!.name!, kind: 'name', productId: h._id }));
  const whole = names.filter((n) => suggestionKey(n.text).startsWith(key));
  const seen = new Set<string>();
  return [...brands, ...whole, ...names.filter((n) => !whole.includes(n))].filter((s) => {
    const k = suggestionKey(s.text);
    return !seen.has(k) && !!seen.add(k);
  }).slice(0, limit);
}

/** "Did you mean": Elasticsearch's term suggester over the products' words as written, for words no product has. */
export function buildCorrectionBody(text: string) {
  return {
    size: 0,
    suggest: { text, fix: { term: { field: 'all_text.words', suggest_mode: 'missing', max_edits: 2, min_word_length: 3, sort: 'score' } } },
  };
}

export interface CorrectionResponseBody {
  suggest?: { fix?: { text: string; options: { text: string; freq: number }[] }[] };
}

/** The query with each word that has a suggestion replaced by the best one; undefined when nothing changed. */
export function parseCorrectionResponse(body: CorrectionResponseBody): string | undefined {
  const tokens = body.suggest?.fix ?? [];
  if (!tokens.some((t) => t.options.length > 0)) return undefined;
  return tokens.map((t) => t.options[0]?.text ?? t.text).join(' ');
}
