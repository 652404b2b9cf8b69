import { encodeCursor } from '../../lib/validation/index.js';
import type { Resolvers } from './generated/types.js';
import { toSearchQuery } from './searchArgs.js';

export const resolvers: Resolvers = {
  Query: {
    async search(_root, args, ctx) {
      const query = toSearchQuery(args, ctx.index.currencies);
      return { result: await ctx.index.search(query), offset: query.offset };
    },
  },
  SearchResult: {
    total: ({ result }) => result.total,
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
