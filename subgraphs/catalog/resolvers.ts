import { categoryNotFound, productNotFound } from '../../lib/errors/index.js';
import { assertCategoryId, assertPageSize, assertProductId, decodeCursor, encodeCursor } from '../../lib/validation/index.js';
import { productChanges } from './auditTrail.js';
import type { CatalogContext } from './context.js';
import type { Resolvers } from './generated/types.js';
import type { ProductPage } from './store.js';

const MAX_PAGE = 100;

async function listProducts(ctx: CatalogContext, args: { first?: number | null; after?: string | null; categoryId?: string | null }): Promise<ProductPage> {
  const first = assertPageSize(args.first ?? 24, MAX_PAGE);
  const afterSeq = args.after ? decodeCursor(args.after) : 0;
  const categoryId = args.categoryId ? assertCategoryId(args.categoryId) : null;
  if (categoryId && !(await ctx.categoryById.load(categoryId))) throw categoryNotFound(categoryId);
  return ctx.store.listProducts({ first, afterSeq, categoryId });
}

export const resolvers: Resolvers = {
  Query: {
    async product(_root, { id }, ctx) {
      const row = await ctx.productById.load(assertProductId(id, 'id'));
      if (!row) throw productNotFound(id);
      return row;
    },
    async productBySlug(_root, { slug }, ctx) {
      const row = await ctx.store.productBySlug(slug);
      if (!row) throw productNotFound(slug);
      return row;
    },
    products: (_root, args, ctx) => listProducts(ctx, args),
    async category(_root, { id }, ctx) {
      const row = await ctx.categoryById.load(assertCategoryId(id, 'id'));
      if (!row) throw categoryNotFound(id);
      return row;
    },
    categories: (_root, { all }, ctx) => ctx.store.categories(all ?? false),
  },
  Product: {
    // Unknown ids resolve to null: the gateway reports the missing entity, not a failed batch.
    __resolveReference: async ({ id }, ctx) => (await ctx.productById.load(id)) ?? null,
    category: async (row, _args, ctx) => {
      const category = await ctx.categoryById.load(row.category_id);
      if (!category) throw categoryNotFound(row.category_id);
      return category;
    },
    weightGrams: (row) => row.weight_grams,
    dimensions: (row) => ({ lengthMm: row.length_mm, widthMm: row.width_mm, heightMm: row.height_mm }),
    updatedAt: (row) => row.updated_at.toISOString(),
    changes: (row, args, ctx) => productChanges(ctx.events, row.id, args),
  },
  Category: {
    __resolveReference: async ({ id }, ctx) => (await ctx.categoryById.load(id)) ?? null,
    parent: (row, _args, ctx) => (row.parent_id ? ctx.categoryById.load(row.parent_id).then((c) => c ?? null) : null),
    children: (row, _args, ctx) => ctx.childrenOf.load(row.id),
    async ancestors(row, _args, ctx) {
      const chain = [];
      for (let id = row.parent_id; id; ) {
        const parent = await ctx.categoryById.load(id);
        if (!parent) break;
        chain.unshift(parent);
        id = parent.parent_id;
      }
      return chain;
    },
    products: (row, args, ctx) => listProducts(ctx, { ...args, categoryId: row.id }),
  },
  ProductConnection: {
    edges: (page) => page.rows.map((node) => ({ cursor: encodeCursor(node.seq), node })),
    pageInfo: (page) => ({
      hasNextPage: page.hasNextPage,
      endCursor: page.rows.length > 0 ? encodeCursor(page.rows[page.rows.length - 1]!.seq) : null,
    }),
    totalCount: (page, _args, ctx) => ctx.store.countProducts(page.categoryId),
  },
};
