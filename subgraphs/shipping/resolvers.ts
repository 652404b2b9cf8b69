import type { Resolvers } from './generated/types.js';
import { quoteCart, quoteProduct } from './quoteShipping.js';

export const resolvers: Resolvers = {
  Query: {
    shippingQuotes: (_root, { destination, items }, ctx) => quoteCart(ctx.quoter, ctx.products, { destination, items }),
  },
  Product: {
    __resolveReference: (representation) => representation,
    shippingEstimate: (product, { destination }, ctx) => quoteProduct(ctx.quoter, product, destination),
  },
};
