// The storefront operations the gateway benchmark sends. TODO(#8): switch to schema/operations/*.graphql once they land.

/** One storefront operation and how to vary its variables per request. */
export interface BenchOperation {
  readonly name: string;
  readonly query: string;
  /** Variables for the n-th request (cycles over a hot set of products). */
  readonly variables: (n: number) => Record<string, unknown>;
}

/** Products the benchmark cycles over: a storefront's hot set. */
export const HOT_PRODUCTS = 200;

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
};

export const OPERATIONS: readonly BenchOperation[] = [PRODUCT_PAGE, LISTING];
