import type { GraphQLResolveInfo } from 'graphql';
import type { SearchPage, SearchContext } from '../context.js';
import type { Suggestion } from '../../../lib/search/index.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Category = {
  __typename?: 'Category';
  id: Scalars['ID']['output'];
};

export type FacetValue = {
  __typename?: 'FacetValue';
  count: Scalars['Int']['output'];
  value: Scalars['String']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** A price bucket: `min` inclusive, `max` exclusive (null: no upper bound), minor units. */
export type PriceRangeFacet = {
  __typename?: 'PriceRangeFacet';
  count: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
  max: Maybe<Scalars['Int']['output']>;
  min: Scalars['Int']['output'];
};

/** Effective price bounds (sale price when on sale) in minor units, inclusive. */
export type PriceRangeInput = {
  /** ISO 4217 code; must be one the index holds (EUR, USD, GBP by default). */
  currency?: Scalars['String']['input'];
  max?: InputMaybe<Scalars['Int']['input']>;
  min?: InputMaybe<Scalars['Int']['input']>;
};

export type Product = {
  __typename?: 'Product';
  id: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * Full-text product search (typo-tolerant) with filters, facets, sort and cursor
   * pagination. An empty or missing `query` lists every product the filters allow (with no
   * filters: the whole catalog). `first` is 1..100; `query` at most 200 characters; pages
   * reach at most 10,000 hits deep. Bad input fails with BAD_USER_INPUT naming the field.
   * `session` is the storefront's anonymous session id (8..64 letters, digits, `-`, `_`; never a
   * user id): it keeps a shopper on one ranking variant during an experiment. Every search is
   * logged (docs/search.md): the result's `queryId` goes to `recordSearchClick`.
   */
  search: SearchResult;
  /**
   * Completions for an as-you-type search box: brands and categories starting with `prefix` (by
   * product count), then product names starting with it, then names with a later word starting
   * with it; case and accents do not matter. `prefix` is 1..100 characters, `first` 1..20.
   */
  suggest: Array<SearchSuggestion>;
};


export type QuerySearchArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filters?: InputMaybe<SearchFilters>;
  first?: InputMaybe<Scalars['Int']['input']>;
  query?: InputMaybe<Scalars['String']['input']>;
  session?: InputMaybe<Scalars['String']['input']>;
  sort?: InputMaybe<SearchSort>;
};


export type QuerySuggestArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  prefix: Scalars['String']['input'];
};

export type SearchEdge = {
  __typename?: 'SearchEdge';
  /** Pass as `after` to get the hits after this one. */
  cursor: Scalars['String']['output'];
  /** The product name, HTML-escaped, with matched words in <em>…</em>; null when there is no query text. */
  highlight: Maybe<Scalars['String']['output']>;
  node: Product;
};

/** Facet counts over every hit of the search (all pages), not just this page. */
export type SearchFacets = {
  __typename?: 'SearchFacets';
  brand: Array<FacetValue>;
  /** Counts per leaf category id. */
  category: Array<FacetValue>;
  priceRanges: Array<PriceRangeFacet>;
};

/** Filters combine with AND; the values inside one list combine with OR. */
export type SearchFilters = {
  /** Exact brand names, as returned by the brand facet. */
  brands?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Products in any of these categories or their descendants. */
  categoryIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** true: only products available in some warehouse; false: only those available nowhere. */
  inStock?: InputMaybe<Scalars['Boolean']['input']>;
  price?: InputMaybe<PriceRangeInput>;
};

export type SearchResult = {
  __typename?: 'SearchResult';
  /**
   * When a text query found nothing: a close query, made of the products' own words, that finds
   * something ("did you mean …?"). Null otherwise.
   */
  didYouMean: Maybe<Scalars['String']['output']>;
  edges: Array<SearchEdge>;
  /** The A/B experiment that chose the variant for this session; null outside any. */
  experiment: Maybe<Scalars['String']['output']>;
  facets: SearchFacets;
  pageInfo: PageInfo;
  /** This search's id in the query log: pass it to `recordSearchClick` when the shopper opens a result. */
  queryId: Scalars['ID']['output'];
  /** Number of hits across all pages. */
  total: Scalars['Int']['output'];
  /** The ranking variant the hits were ranked with (`default` outside experiments). */
  variant: Scalars['String']['output'];
};

/** Order of search hits. Ties keep a stable order, so pages never overlap. */
export type SearchSort =
  /** By name, A to Z. */
  | 'NAME'
  /** Most recently created first. */
  | 'NEWEST'
  /** Cheapest first, in the currency of the price filter (EUR when none); unpriced products last. */
  | 'PRICE_ASC'
  /** Most expensive first, in the currency of the price filter (EUR when none). */
  | 'PRICE_DESC'
  /** Best match first; without query text, a stable order (pages never overlap). */
  | 'RELEVANCE';

/** A completion for an as-you-type search box. */
export type SearchSuggestion = {
  __typename?: 'SearchSuggestion';
  /** The category a CATEGORY suggestion names. */
  category: Maybe<Category>;
  /** How many products a BRAND or CATEGORY suggestion has (a category's include its descendants'). */
  count: Maybe<Scalars['Int']['output']>;
  kind: SearchSuggestionKind;
  /** The product a NAME suggestion names. */
  product: Maybe<Product>;
  /** What to show and, when chosen, to search for. */
  text: Scalars['String']['output'];
};

export type SearchSuggestionKind =
  | 'BRAND'
  | 'CATEGORY'
  | 'NAME';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Category: ResolverTypeWrapper<Category>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  FacetValue: ResolverTypeWrapper<FacetValue>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PriceRangeFacet: ResolverTypeWrapper<PriceRangeFacet>;
  PriceRangeInput: PriceRangeInput;
  Product: ResolverTypeWrapper<Product>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SearchEdge: ResolverTypeWrapper<SearchEdge>;
  SearchFacets: ResolverTypeWrapper<SearchFacets>;
  SearchFilters: SearchFilters;
  SearchResult: ResolverTypeWrapper<SearchPage>;
  SearchSort: SearchSort;
  SearchSuggestion: ResolverTypeWrapper<Suggestion>;
  SearchSuggestionKind: SearchSuggestionKind;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Category: Category;
  ID: Scalars['ID']['output'];
  FacetValue: FacetValue;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  PriceRangeFacet: PriceRangeFacet;
  PriceRangeInput: PriceRangeInput;
  Product: Product;
  Query: Record<PropertyKey, never>;
  SearchEdge: SearchEdge;
  SearchFacets: SearchFacets;
  SearchFilters: SearchFilters;
  SearchResult: SearchPage;
  SearchSuggestion: Suggestion;
}>;

export type CategoryResolvers<ContextType = SearchContext, ParentType extends ResolversParentTypes['Category'] = ResolversParentTypes['Category']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type FacetValueResolvers<ContextType = SearchContext, ParentType extends ResolversParentTypes['FacetValue'] = ResolversParentTypes['FacetValue']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = SearchContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PriceRangeFacetResolvers<ContextType = SearchContext, ParentType extends ResolversParentTypes['PriceRangeFacet'] = ResolversParentTypes['PriceRangeFacet']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  max?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ProductResolvers<ContextType = SearchContext, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SearchContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  search?: Resolver<ResolversTypes['SearchResult'], ParentType, ContextType, RequireFields<QuerySearchArgs, 'first' | 'sort'>>;
  suggest?: Resolver<Array<ResolversTypes['SearchSuggestion']>, ParentType, ContextType, RequireFields<QuerySuggestArgs, 'first' | 'prefix'>>;
}>;

export type SearchEdgeResolvers<ContextType = SearchContext, ParentType extends ResolversParentTypes['SearchEdge'] = ResolversParentTypes['SearchEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  highlight?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
}>;

export type SearchFacetsResolvers<ContextType = SearchContext, ParentType extends ResolversParentTypes['SearchFacets'] = ResolversParentTypes['SearchFacets']> = ResolversObject<{
  brand?: Resolver<Array<ResolversTypes['FacetValue']>, ParentType, ContextType>;
  category?: Resolver<Array<ResolversTypes['FacetValue']>, ParentType, ContextType>;
  priceRanges?: Resolver<Array<ResolversTypes['PriceRangeFacet']>, ParentType, ContextType>;
}>;

export type SearchResultResolvers<ContextType = SearchContext, ParentType extends ResolversParentTypes['SearchResult'] = ResolversParentTypes['SearchResult']> = ResolversObject<{
  didYouMean?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  edges?: Resolver<Array<ResolversTypes['SearchEdge']>, ParentType, ContextType>;
  experiment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  facets?: Resolver<ResolversTypes['SearchFacets'], ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  queryId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  variant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type SearchSuggestionResolvers<ContextType = SearchContext, ParentType extends ResolversParentTypes['SearchSuggestion'] = ResolversParentTypes['SearchSuggestion']> = ResolversObject<{
  category?: Resolver<Maybe<ResolversTypes['Category']>, ParentType, ContextType>;
  count?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SearchSuggestionKind'], ParentType, ContextType>;
  product?: Resolver<Maybe<ResolversTypes['Product']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SearchContext> = ResolversObject<{
  Category?: CategoryResolvers<ContextType>;
  FacetValue?: FacetValueResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PriceRangeFacet?: PriceRangeFacetResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SearchEdge?: SearchEdgeResolvers<ContextType>;
  SearchFacets?: SearchFacetsResolvers<ContextType>;
  SearchResult?: SearchResultResolvers<ContextType>;
  SearchSuggestion?: SearchSuggestionResolvers<ContextType>;
}>;

