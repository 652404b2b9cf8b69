import { randomUUID } from 'node:crypto';
import { badUserInput } from '../../lib/errors/index.js';
import { assignVariant, suggestionKey, type SearchIndex, type SearchQuery } from '../../lib/search/index.js';
import { assertPageSize, encodeCursor } from '../../lib/validation/index.js';
import type { Resolvers } from './generated/types.js';
import { assertSession, logFilters, toSearchQuery } from './searchArgs.js';

/** Longest `suggest` prefix, in characters. */
const MAX_PREFIX_LENGTH = 100;

/** A close query that finds something under the same filters, for a text query that found nothing. */
async function didYouMean(index: SearchIndex, query: SearchQuery): Promise<string | null> {
  if (!query.text?.trim()) return null;
  const corrected = await index.correct(query.text);
  if (!corrected) return null;
  const { total } = await index.search({ ...query, text: corrected, offset: 0, limit: 1 });
  return total > 0 ? corrected : null;
}

export const resolvers: Resolvers = {
  Query: {
    async search(_root, args, ctx) {
      const started = performance.now();
      const sessionId = assertSession(args.session);
      const { variant, ranking, experimentId } = assignVariant(ctx.ranking, sessionId);
      const query: SearchQuery = { ...toSearchQuery(args, ctx.index.currencies), ranking };
      const result = await ctx.index.search(query);
      const corrected = result.total === 0 ? await didYouMean(ctx.index, query) : null;
      const queryId = randomUUID();
      ctx.searchLog?.record({
        queryId, query: query.text ?? '', filters: logFilters(query.filters), sort: query.sort ?? 'RELEVANCE', resultCount: result.total,
        latencyMs: Math.round((performance.now() - started) * 1000) / 1000, variant, experimentId,
        client: ctx.identity?.client ?? null, sessionId, searchedAt: new Date().toISOString(),
      });
      return { result, offset: query.offset, didYouMean: corrected, queryId, variant, experimentId };
    },
    async suggest(_root, { prefix, first }, ctx) {
      const text = prefix.trim();
      if (text === '' || text.length > MAX_PREFIX_LENGTH) throw badUserInput(`prefix must be 1 to ${MAX_PREFIX_LENGTH} characters`, 'prefix');
      const limit = assertPageSize(first ?? 8, 20);
      const [fromIndex, categories] = await Promise.all([ctx.index.suggest(text, limit), ctx.categories?.suggest(text, limit) ?? []]);
      // Brands and categories by product count (whole-text matches first), then product names.
      const key = suggestionKey(text);
      const groups = [...fromIndex.filter((s) => s.kind === 'brand'), ...categories]
        .sort((a, b) => Number(suggestionKey(b.text).startsWith(key)) - Number(suggestionKey(a.text).startsWith(key)) || (b.count ?? 0) - (a.count ?? 0));
      return [...groups, ...fromIndex.filter((s) => s.kind === 'name')].slice(0, limit);
    },
  },
  SearchSuggestion: {
    kind: (s) => (s.kind === 'brand' ? 'BRAND' : s.kind === 'category' ? 'CATEGORY' : 'NAME'),
    product: (s) => (s.productId ? { id: s.productId } : null),
    category: (s) => (s.categoryId ? { id: s.categoryId } : null),
    count: (s) => s.count ?? null,
  },
  SearchResult: {
    total: ({ result }) => result.total,
    didYouMean: ({ didYouMean: corrected }) => corrected,
    queryId: ({ queryId }) => queryId,
    variant: ({ variant }) => variant,
    experiment: ({ experimentId }) => experimentId,
    facets: ({ result }) => ({
      brand: [...result.facets.brand],
      category: [...result.facets.category],
      priceRanges: [...result.facets.priceRanges],
    }),
    // A hit's cursor is the offset just after it.
    edges: ({ result, offset }) => result.hits.map((hit, i) => ({ cursor: encodeCursor(offset + i + 1), highlight: hit.highlight, node: { id: hit.id } })),
    pageInfo: ({ result, offset }) => ({
      hasNextPage: offset + result.hits.length < result.total,
      endCursor: result.hits.length > 0 ? encodeCursor(offset + result.hits.length) : null,
    }),
  },
};
