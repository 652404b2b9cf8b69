import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import {
  buildAliasSwap, buildBulkBody, buildCorrectionBody, buildIndexDefinition, buildSearchBody, buildSuggestBody,
  parseCorrectionResponse, parseSearchResponse, parseSuggestResponse, versionedIndexName,
} from './elasticsearchRequests.js';
import { createElasticsearchSearchIndex } from './elasticsearchSearchIndex.js';
import { parseSynonyms } from './synonyms.js';
import { contractDocument, describeSearchIndexContract } from './SearchIndex.contract.js';

const CURRENCIES = ['EUR', 'USD', 'GBP'];

describe('Elasticsearch request building', () => {
  it('asks for completions as a phrase prefix over the words as written of names and brands, brands counted over the whole index, ranked as the embedded index does', () => {
    const body = buildSuggestBody('Glöbex k', 5);
    expect(body.query).toEqual({ bool: {
      filter: [{ match_phrase_prefix: { 'name.words': { query: 'Glöbex k', max_expansions: 50 } } }],
      should: [{ prefix: { 'name.sort': 'globex k' } }],
    } });
    expect(body.aggs.everything).toEqual({ global: {}, aggs: { brands: {
      filter: { match_phrase_prefix: { 'brand.words': { query: 'Glöbex k', max_expansions: 50 } } }, aggs: { values: { terms: { field: 'brand', size: 100 } } },
    } } });
    const { mappings } = buildIndexDefinition(CURRENCIES);
    expect(mappings.properties.name.fields.words).toEqual({ type: 'text', analyzer: 'product_words' });
    expect(mappings.properties.brand.fields.words).toEqual({ type: 'text', analyzer: 'product_words' });
    const parsed = parseSuggestResponse({
      hits: { hits: [{ _id: 'p-9', _source: { name: 'Acme Globex Kettle' } }, { _id: 'p-2', _source: { name: 'Globex Kettle 2' } }] },
      aggregations: { everything: { brands: { values: { buckets: [{ key: 'Globex', doc_count: 12 }, { key: 'Acme', doc_count: 40 }] } } } },
    }, 'globex k', 5);
    expect(parsed).toEqual([
      { text: 'Globex Kettle 2', kind: 'name', productId: 'p-2' },
      { text: 'Acme Globex Kettle', kind: 'name', productId: 'p-9' },
    ]);
    expect(parseSuggestResponse({ hits: { hits: [] }, aggregations: { everything: { brands: { values: { buckets: [{ key: 'Globex', doc_count: 12 }] } } } } }, 'glob', 5))
      .toEqual([{ text: 'Globex', kind: 'brand', count: 12 }]);
  });

  it('asks the term suggester for words no product has, over the words as written, and rebuilds the query from the best options', () => {
    expect(buildCorrectionBody('waterprooof jakcet')).toEqual({
      size: 0, suggest: { text: 'waterprooof jakcet', fix: { term: { field: 'all_text.words', suggest_mode: 'missing', max_edits: 2, min_word_length: 3, sort: 'score' } } },
    });
    const { mappings, settings } = buildIndexDefinition(CURRENCIES);
    expect(mappings.properties.all_text.fields.words).toEqual({ type: 'text', analyzer: 'product_words' });
    expect(settings.analysis.analyzer.product_words).toEqual({ type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] });
    expect(parseCorrectionResponse({ suggest: { fix: [
      { text: 'waterprooof', options: [{ text: 'waterproof', freq: 3 }] }, { text: 'jacket', options: [] },
    ] } })).toBe('waterproof jacket');
    expect(parseCorrectionResponse({ suggest: { fix: [{ text: 'acme', options: [] }] } })).toBeUndefined();
  });

  it('maps every field explicitly, with the product analyser, a sort key and strict dynamic mapping', () => {
    const { settings, mappings } = buildIndexDefinition(CURRENCIES);
    expect(mappings.dynamic).toBe('strict');
    expect(settings.analysis.analyzer.product_text).toEqual({ type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'english_stemmer'] });
    expect(mappings.properties.name).toMatchObject({
      type: 'text', analyzer: 'product_text', search_analyzer: 'product_search', copy_to: 'all_text', fields: { sort: { type: 'keyword', normalizer: 'sort_key' } },
    });
    expect(mappings.properties.prices.properties).toEqual({ EUR: { type: 'integer' }, USD: { type: 'integer' }, GBP: { type: 'integer' } });
    expect(mappings.properties.brand.type).toBe('keyword');
    expect(mappings.properties.categoryPath.type).toBe('keyword');
    // Every field of a search document is mapped, so strict mapping never rejects one.
    const doc = contractDocument({ n: 1, name: 'x', brand: 'y', category: 'c-2', eur: 1 });
    expect(Object.keys(doc).filter((k) => !(k in mappings.properties))).toEqual([]);
  });

  it('stems and folds words alike when indexing and searching, and adds synonyms only when searching', () => {
    const rules = parseSynonyms('sneaker, running shoe\ntee, tees => t-shirt\n');
    const { settings, mappings } = buildIndexDefinition(CURRENCIES, rules);
    const { analyzer, filter } = settings.analysis;
    expect(filter).toEqual({
      english_stemmer: { type: 'stemmer', language: 'english' },
      product_synonyms: { type: 'synonym_graph', expand: true, synonyms: ['sneaker, running shoe', 'tee, tees => t-shirt'] },
    });
    expect(analyzer.product_search).toEqual({ type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'english_stemmer', 'product_synonyms'] });
    // The synonym filter comes after the stemmer, so its rules are stemmed like the query words they must meet.
    expect(analyzer.product_text.filter).toEqual(analyzer.product_search.filter.slice(0, -1));
    for (const field of ['name', 'description', 'attributes', 'all_text'] as const) {
      expect(mappings.properties[field]).toMatchObject({ analyzer: 'product_text', search_analyzer: 'product_search' });
    }
    // Without rules there is no synonym filter (Elasticsearch rejects an empty one).
    expect(buildIndexDefinition(CURRENCIES).settings.analysis.analyzer.product_search.filter).toEqual(['lowercase', 'asciifolding', 'english_stemmer']);
  });

  it('builds the storefront listing query: fuzzy AND text, every filter, facets as aggregations, highlights', () => {
    const body = buildSearchBody({
      text: 'running shoe', sort: 'RELEVANCE', offset: 24, limit: 24,
      filters: { categoryIds: ['c-12'], brands: ['Acme'], price: { min: 5000, max: 15000, currency: 'EUR' }, inStock: true },
    }, CURRENCIES);
    expect(body).toMatchObject({ from: 24, size: 24, track_total_hits: true });
    // Every word up to three, half of them from four on (a whole product name also finds its kin).
    const text = { query: 'running shoe', fuzziness: 'AUTO:4,8', auto_generate_synonyms_phrase_query: false };
    expect(body.query.bool.must).toEqual([{ match: { all_text: { ...text, minimum_should_match: '3<50%', boost: 1 } } }]);
    // Every word matched ranks above some; the name and brand boosts use the query's own words, no synonyms.
    expect(body.query.bool.should).toEqual([
      { match: { all_text: { ...text, operator: 'and', boost: 2 } } },
      { match: { name: { query: 'running shoe', analyzer: 'product_text', fuzziness: 'AUTO:4,8', boost: 3 } } },
      { match_phrase: { name: { query: 'running shoe', analyzer: 'product_text', boost: 2 } } },
      { match: { 'brand.words': { query: 'running shoe', boost: 3 } } },
    ]);
    expect(body.query.bool.filter).toEqual([
      { terms: { categoryPath: ['c-12'] } },
      { terms: { brand: ['Acme'] } },
      { range: { 'prices.EUR': { gte: 5000, lte: 15000 } } },
      { term: { inStock: true } },
    ]);
    expect(body.sort).toEqual(['_score', { seq: { order: 'asc' } }]);
    expect(body.aggs.price.range).toEqual({
      field: 'prices.EUR',
      ranges: [{ from: 0, to: 2500 }, { from: 2500, to: 5000 }, { from: 5000, to: 10000 }, { from: 10000, to: 20000 }, { from: 20000 }],
    });
    expect(body.highlight).toMatchObject({ pre_tags: ['<em>'], post_tags: ['</em>'], encoder: 'html' });
  });

  it('applies a ranking variant: field boosts, typo policy, and in-stock and recency factors', () => {
    const ranking = { nameBoost: 5, brandBoost: 2, keywordsBoost: 0.5, typoTolerance: 'off' as const, inStockBoost: 0.5, onSaleBoost: 0.25, recencyBoost: 0.2 };
    const body = buildSearchBody({ text: 'tent', offset: 0, limit: 10, ranking, currency: 'USD' }, CURRENCIES);
    const { query, functions, score_mode: scoreMode, boost_mode: boostMode } = body.query.function_score;
    expect([scoreMode, boostMode]).toEqual(['multiply', 'multiply']);
    expect(query.bool.must[0].match.all_text).toMatchObject({ fuzziness: 0, boost: 0.5 });
    expect(query.bool.should).toEqual([
      { match: { all_text: { query: 'tent', fuzziness: 0, auto_generate_synonyms_phrase_query: false, operator: 'and', boost: 1 } } },
      { match: { name: { query: 'tent', analyzer: 'product_text', fuzziness: 0, boost: 5 } } },
      { match_phrase: { name: { query: 'tent', analyzer: 'product_text', boost: 5 * 2 / 3 } } },
      { match: { 'brand.words': { query: 'tent', boost: 2 } } },
    ]);
    expect(functions[0]).toEqual({ filter: { term: { inStock: true } }, weight: 1.5 });
    // On sale in the query's currency.
    expect(functions[1]).toEqual({ filter: { term: { saleCurrencies: 'USD' } }, weight: 1.25 });
    expect(functions[2].script_score.script.params).toMatchObject({ boost: 0.2 });
    // Without boosts, and when browsing without text, there is no function_score to pay for.
    expect(buildSearchBody({ text: 'tent', offset: 0, limit: 10, ranking: { ...ranking, inStockBoost: 0, onSaleBoost: 0, recencyBoost: 0 } }, CURRENCIES).query.bool).toBeDefined();
    expect(buildSearchBody({ offset: 0, limit: 10, ranking }, CURRENCIES).query.bool.must).toEqual([{ match_all: {} }]);
  });

  it('sorts by the requested key with the id order as tie-break, and browses without text', () => {
    const sortOf = (sort: any, extra = {}) => buildSearchBody({ sort, offset: 0, limit: 5, ...extra }, CURRENCIES).sort;
    expect(sortOf('PRICE_ASC', { currency: 'USD' })).toEqual([{ 'prices.USD': { order: 'asc', missing: '_last' } }, { seq: { order: 'asc' } }]);
    expect(sortOf('PRICE_DESC')).toEqual([{ 'prices.EUR': { order: 'desc', missing: '_last' } }, { seq: { order: 'asc' } }]);
    expect(sortOf('NAME')).toEqual([{ 'name.sort': { order: 'asc' } }, { seq: { order: 'asc' } }]);
    expect(sortOf('NEWEST')).toEqual([{ seq: { order: 'desc' } }]);
    const browse = buildSearchBody({ offset: 0, limit: 5 }, CURRENCIES);
    expect(browse.query.bool.must).toEqual([{ match_all: {} }]);
    expect(browse.sort).toEqual([{ seq: { order: 'asc' } }]);
    expect('highlight' in browse).toBe(false);
  });

  it('reads hits, highlights and facets from a search response', () => {
    const result = parseSearchResponse({
      hits: { total: { value: 42 }, hits: [
        { _id: 'p-1', _source: { name: 'Acme Shoe' }, highlight: { name: ['Acme <em>Shoe</em>'] } },
        { _id: 'p-2', _source: { name: 'Tom & Jerry Shoe' } },
      ] },
      aggregations: {
        brand: { buckets: [{ key: 'Globex', doc_count: 2 }, { key: 'Acme', doc_count: 2 }, { key: 'Stark', doc_count: 5 }] },
        category: { buckets: [{ key: 'c-2', doc_count: 9 }] },
        price: { buckets: [{ key: '0-2500', doc_count: 1 }, { key: '2500-5000', doc_count: 0 }, { key: 'x', doc_count: 3 }, { key: 'y', doc_count: 0 }, { key: 'z', doc_count: 5 }] },
      },
    }, { text: 'shoe', offset: 0, limit: 2 }, CURRENCIES);
    expect(result.total).toBe(42);
    expect(result.hits).toEqual([{ id: 'p-1', highlight: 'Acme <em>Shoe</em>' }, { id: 'p-2', highlight: 'Tom &#38; Jerry Shoe' }]);
    expect(result.facets.brand).toEqual([{ value: 'Stark', count: 5 }, { value: 'Acme', count: 2 }, { value: 'Globex', count: 2 }]);
    expect(result.facets.priceRanges.map((r) => r.count)).toEqual([1, 0, 3, 0, 5]);
  });

  it('interleaves bulk actions and documents, deletes last', () => {
    const doc = contractDocument({ n: 7, name: 'Lamp', brand: 'Acme', category: 'c-5' });
    expect(buildBulkBody('products_v1', [doc], ['p-9'])).toEqual([
      { index: { _index: 'products_v1', _id: 'p-7' } }, doc, { delete: { _index: 'products_v1', _id: 'p-9' } },
    ]);
  });

  it('moves the alias from the old versions to the new one in one request', () => {
    expect(buildAliasSwap('products', 'products_v2', ['products_v1'])).toEqual({
      actions: [{ remove: { index: 'products_v1', alias: 'products' } }, { add: { index: 'products_v2', alias: 'products', is_write_index: true } }],
    });
    expect(versionedIndexName('products', new Date('2026-11-25T13:04:05.678Z'))).toBe('products_v20261125130405678');
  });
});

// The contract against a real server runs whenever ELASTICSEARCH_URL is set (docs/search.md).
const { elasticsearchUrl } = loadConfig(process.env);
if (elasticsearchUrl) {
  describeSearchIndexContract(`Elasticsearch at ${elasticsearchUrl}`, async ({ synonyms }) => {
    const alias = `test_products_${randomBytes(4).toString('hex')}`;
    const index = await createElasticsearchSearchIndex({ node: elasticsearchUrl, alias, synonyms });
    return {
      ...index,
      async close() {
        await index.close();
        const admin = new Client({ node: elasticsearchUrl });
        await admin.indices.delete({ index: `${alias}_v*`, ignore_unavailable: true });
        await admin.close();
      },
    };
  });
} else {
  describe('SearchIndex contract: Elasticsearch', () => {
    it.todo('NOT CONFIGURED: set ELASTICSEARCH_URL (e.g. http://127.0.0.1:9200) to run the contract suite against Elasticsearch');
  });
}
