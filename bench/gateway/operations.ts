// The storefront operations the gateway benchmark sends. TODO(#8): switch to schema/operations/*.graphql once they land.

/** One storefront operation and how to vary its variables per request. */
export interface BenchOperation {
  readonly name: string;
  readonly query: string;
  /** Variables for the n-th request (cycles over a hot set of products). */
  readonly variables: (n: number) => Record<string, unknown>;
  /** The floor (`direct`, bench/gateway/directPlan.ts) has this operation's plan by heart. */
  readonly floor?: boolean;
}

/** Products the benchmark cycles over: a storefront's hot set. */
export const HOT_PRODUCTS = 200;
/** Products in the benchmark's sample store (`--products`); the varied operations reach all of them. */
const ALL_PRODUCTS = 2000;
const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;

export const PRODUCT_PAGE: BenchOperation = {
  name: 'product page',
  query: /* GraphQL */ `query ProductPage($id: ID!) {
  product(id: $id) {
    id sku slug name description brand weightGrams
    dimensions { lengthMm widthMm heightMm }
    attributes { name value }
    images { url alt }
    category { id name slug ancestors { id name slug } }
    price(currency: "EUR") { amount currency onSale list { amount currency } sale { amount currency } }
    stock { available inStock warehouses { warehouse { id name } available } }
  }
}`,
  variables: (n) => ({ id: `p-${(n % HOT_PRODUCTS) + 1}` }),
  floor: true,
};

export const LISTING: BenchOperation = {
  name: 'listing (24)',
  query: /* GraphQL */ `query Listing($categoryId: ID, $first: Int!) {
  products(first: $first, categoryId: $categoryId) {
    totalCount
    edges { cursor node { id slug name brand images { url alt } price(currency: "EUR") { amount currency onSale list { amount } } stock { available inStock } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  variables: (n) => ({ first: 24, categoryId: `c-${(n % 20) + 5}` }),
  floor: true,
};

/** The card a storefront shows for a product in a list: catalog, pricing and inventory fields. */
const CARD = /* GraphQL */ `fragment Card on Product {
  id slug name brand
  images { url alt }
  price(currency: $currency) { amount currency onSale list { amount currency } sale { amount currency } }
  stock { available inStock warehouses { warehouse { id name } available } }
}`;

/**
 * A deep page: a product, its category's products, each of those products' parent category's
 * products, its sibling categories' products and its ancestors' products, every one a card with
 * price and stock. Five paths of products, each priced and stocked by its own fetch: one catalog
 * fetch, then five to pricing and five to inventory (11 subgraph fetches); about 100 KB of JSON.
 */
export const DEEP: BenchOperation = {
  name: 'deep (11 fetches)',
  query: /* GraphQL */ `query DeepCategory($id: ID!, $currency: String!, $first: Int!, $nested: Int!) {
  product(id: $id) {
    ...Card
    description
    category {
      id name slug
      ancestors { id name slug products(first: $nested) { totalCount edges { node { ...Card } } } }
      parent { id name children { id name slug products(first: $nested) { totalCount edges { node { ...Card } } } } }
      products(first: $first) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          cursor
          node {
            ...Card
            category { id name parent { id name products(first: $nested) { edges { node { ...Card } } } } }
          }
        }
      }
    }
  }
}
${CARD}`,
  variables: (n) => ({ id: `p-${(n % HOT_PRODUCTS) + 1}`, currency: 'EUR', first: 16, nested: 6 }),
};

/**
 * The same operations with variables varied per request (every product, three currencies, page
 * sizes): no two requests in flight send the same subgraph fetch, so in-flight dedupe cannot help.
 */
const varied = (op: BenchOperation, query: string, variables: BenchOperation['variables']): BenchOperation => ({
  name: `${op.name}, varied`, query, variables,
});

export const PRODUCT_PAGE_VARIED = varied(PRODUCT_PAGE,
  PRODUCT_PAGE.query.replace('query ProductPage($id: ID!)', 'query ProductPageVaried($id: ID!, $currency: String!)').replace('currency: "EUR"', 'currency: $currency'),
  (n) => ({ id: `p-${((n * 7919) % ALL_PRODUCTS) + 1}`, currency: CURRENCIES[n % 3] }));

export const LISTING_VARIED = varied(LISTING,
  LISTING.query.replace('query Listing($categoryId: ID, $first: Int!)', 'query ListingVaried($categoryId: ID, $first: Int!, $currency: String!)').replace('currency: "EUR"', 'currency: $currency'),
  (n) => ({ first: 20 + (n % 9), categoryId: `c-${(n % 24) + 1}`, currency: CURRENCIES[n % 3] }));

export const DEEP_VARIED = varied(DEEP, DEEP.query.replace('query DeepCategory(', 'query DeepCategoryVaried('),
  (n) => ({ id: `p-${((n * 7919) % ALL_PRODUCTS) + 1}`, currency: CURRENCIES[n % 3], first: 12 + (n % 9), nested: 4 + (n % 5) }));

export const OPERATIONS: readonly BenchOperation[] = [PRODUCT_PAGE, LISTING, DEEP, PRODUCT_PAGE_VARIED, LISTING_VARIED, DEEP_VARIED];
