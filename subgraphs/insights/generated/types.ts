import type { GraphQLResolveInfo } from 'graphql';
import type { InsightsContext } from '../context.js';
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

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Records that a shopper opened the result at `position` (1-based, over all pages) of the
   * search `queryId` (from `search`). Open to anonymous shoppers (docs/decisions/anonymous-search-clicks.md):
   * the unguessable queryId of a recent search is the credential. An unknown queryId fails with
   * SEARCH_QUERY_NOT_FOUND; a second click on the same result is recorded once.
   */
  recordSearchClick: SearchClick;
  /** The search subgraph's batched query log (scope `insights:record`): not in the public API. */
  recordSearches: Scalars['Int']['output'];
};


export type MutationRecordSearchClickArgs = {
  position: Scalars['Int']['input'];
  productId: Scalars['ID']['input'];
  queryId: Scalars['ID']['input'];
};


export type MutationRecordSearchesArgs = {
  searches: Array<SearchLogInput>;
};

export type Query = {
  __typename?: 'Query';
  /**
   * Staff only (`search:analytics`). The query log between `from` and `to` (ISO dates, UTC,
   * inclusive, at most 366 days); `first` (1..100, default 20) bounds each list.
   */
  searchAnalytics: SearchAnalytics;
  /** Staff only (`search:analytics`). Null when no search was logged under the experiment. */
  searchExperiment: Maybe<SearchExperimentReport>;
};


export type QuerySearchAnalyticsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


export type QuerySearchExperimentArgs = {
  id: Scalars['ID']['input'];
};

/** The query log over a period (UTC days, both ends included). */
export type SearchAnalytics = {
  __typename?: 'SearchAnalytics';
  clickThroughRate: Scalars['Float']['output'];
  from: Scalars['String']['output'];
  meanReciprocalRank: Scalars['Float']['output'];
  searches: Scalars['Int']['output'];
  /** Slowest by mean latency first. */
  slowestQueries: Array<SearchQueryStats>;
  to: Scalars['String']['output'];
  /** Most searched first. */
  topQueries: Array<SearchQueryStats>;
  /** Queries that found nothing, most searched first. */
  zeroResultQueries: Array<SearchQueryStats>;
  zeroResultRate: Scalars['Float']['output'];
};

/** A click on a search result, recorded. */
export type SearchClick = {
  __typename?: 'SearchClick';
  /** The search's first click (click-through rate and reciprocal rank count it). */
  firstClick: Scalars['Boolean']['output'];
  position: Scalars['Int']['output'];
  productId: Scalars['ID']['output'];
  queryId: Scalars['ID']['output'];
};

/** An A/B test of rankers (SEARCH_RANKING_PATH), from the searches logged under it. */
export type SearchExperimentReport = {
  __typename?: 'SearchExperimentReport';
  /** The variant the others are tested against. */
  control: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  variants: Array<SearchVariantStats>;
};

/** The filters of a logged search, as the search subgraph applied them. */
export type SearchLogFiltersInput = {
  brands: Array<Scalars['String']['input']>;
  categoryIds: Array<Scalars['ID']['input']>;
  currency?: InputMaybe<Scalars['String']['input']>;
  inStock?: InputMaybe<Scalars['Boolean']['input']>;
  priceMax?: InputMaybe<Scalars['Int']['input']>;
  priceMin?: InputMaybe<Scalars['Int']['input']>;
};

/** One search, as the search subgraph logs it. */
export type SearchLogInput = {
  client?: InputMaybe<Scalars['String']['input']>;
  experimentId?: InputMaybe<Scalars['String']['input']>;
  filters: SearchLogFiltersInput;
  latencyMs: Scalars['Float']['input'];
  query: Scalars['String']['input'];
  queryId: Scalars['ID']['input'];
  resultCount: Scalars['Int']['input'];
  /** ISO 8601. */
  searchedAt: Scalars['String']['input'];
  sessionId?: InputMaybe<Scalars['String']['input']>;
  sort: Scalars['String']['input'];
  variant: Scalars['String']['input'];
};

/** Figures of one normalized query (case, accents and spacing folded) over the period. */
export type SearchQueryStats = {
  __typename?: 'SearchQueryStats';
  /** Searches with at least one click / searches. */
  clickThroughRate: Scalars['Float']['output'];
  maxLatencyMs: Scalars['Float']['output'];
  /** Mean latency of the search subgraph, ms. */
  meanLatencyMs: Scalars['Float']['output'];
  /** Mean over searches of 1 / position of the first click (0 without one). */
  meanReciprocalRank: Scalars['Float']['output'];
  query: Scalars['String']['output'];
  searches: Scalars['Int']['output'];
  zeroResults: Scalars['Int']['output'];
};

/** One ranking variant's figures in an experiment. */
export type SearchVariantStats = {
  __typename?: 'SearchVariantStats';
  clickThroughRate: Scalars['Float']['output'];
  meanReciprocalRank: Scalars['Float']['output'];
  pValue: Maybe<Scalars['Float']['output']>;
  searches: Scalars['Int']['output'];
  variant: Scalars['String']['output'];
  /**
   * z-test of this variant's click-through rate against the control's (`default`, else the first
   * variant by name), sessions as the units (delta method); the pooled two-proportion z-test over
   * searches when sessions cannot tell (under two a side, or all alike). z > 0: more clicks than
   * the control; pValue two-sided. Null for the control itself or when either has no searches.
   */
  zScore: Maybe<Scalars['Float']['output']>;
  zeroResultRate: Scalars['Float']['output'];
};

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
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SearchAnalytics: ResolverTypeWrapper<SearchAnalytics>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  SearchClick: ResolverTypeWrapper<SearchClick>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  SearchExperimentReport: ResolverTypeWrapper<SearchExperimentReport>;
  SearchLogFiltersInput: SearchLogFiltersInput;
  SearchLogInput: SearchLogInput;
  SearchQueryStats: ResolverTypeWrapper<SearchQueryStats>;
  SearchVariantStats: ResolverTypeWrapper<SearchVariantStats>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Mutation: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  Query: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  SearchAnalytics: SearchAnalytics;
  Float: Scalars['Float']['output'];
  SearchClick: SearchClick;
  Boolean: Scalars['Boolean']['output'];
  SearchExperimentReport: SearchExperimentReport;
  SearchLogFiltersInput: SearchLogFiltersInput;
  SearchLogInput: SearchLogInput;
  SearchQueryStats: SearchQueryStats;
  SearchVariantStats: SearchVariantStats;
}>;

export type AnonymousAllowedDirectiveArgs = { };

export type AnonymousAllowedDirectiveResolver<Result, Parent, ContextType = InsightsContext, Args = AnonymousAllowedDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type MutationResolvers<ContextType = InsightsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  recordSearchClick?: Resolver<ResolversTypes['SearchClick'], ParentType, ContextType, RequireFields<MutationRecordSearchClickArgs, 'position' | 'productId' | 'queryId'>>;
  recordSearches?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationRecordSearchesArgs, 'searches'>>;
}>;

export type QueryResolvers<ContextType = InsightsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  searchAnalytics?: Resolver<ResolversTypes['SearchAnalytics'], ParentType, ContextType, RequireFields<QuerySearchAnalyticsArgs, 'first' | 'from' | 'to'>>;
  searchExperiment?: Resolver<Maybe<ResolversTypes['SearchExperimentReport']>, ParentType, ContextType, RequireFields<QuerySearchExperimentArgs, 'id'>>;
}>;

export type SearchAnalyticsResolvers<ContextType = InsightsContext, ParentType extends ResolversParentTypes['SearchAnalytics'] = ResolversParentTypes['SearchAnalytics']> = ResolversObject<{
  clickThroughRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  meanReciprocalRank?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  searches?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  slowestQueries?: Resolver<Array<ResolversTypes['SearchQueryStats']>, ParentType, ContextType>;
  to?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  topQueries?: Resolver<Array<ResolversTypes['SearchQueryStats']>, ParentType, ContextType>;
  zeroResultQueries?: Resolver<Array<ResolversTypes['SearchQueryStats']>, ParentType, ContextType>;
  zeroResultRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type SearchClickResolvers<ContextType = InsightsContext, ParentType extends ResolversParentTypes['SearchClick'] = ResolversParentTypes['SearchClick']> = ResolversObject<{
  firstClick?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  position?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  productId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  queryId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type SearchExperimentReportResolvers<ContextType = InsightsContext, ParentType extends ResolversParentTypes['SearchExperimentReport'] = ResolversParentTypes['SearchExperimentReport']> = ResolversObject<{
  control?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  variants?: Resolver<Array<ResolversTypes['SearchVariantStats']>, ParentType, ContextType>;
}>;

export type SearchQueryStatsResolvers<ContextType = InsightsContext, ParentType extends ResolversParentTypes['SearchQueryStats'] = ResolversParentTypes['SearchQueryStats']> = ResolversObject<{
  clickThroughRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  maxLatencyMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  meanLatencyMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  meanReciprocalRank?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  query?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  searches?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  zeroResults?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SearchVariantStatsResolvers<ContextType = InsightsContext, ParentType extends ResolversParentTypes['SearchVariantStats'] = ResolversParentTypes['SearchVariantStats']> = ResolversObject<{
  clickThroughRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  meanReciprocalRank?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  pValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  searches?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  variant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  zScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  zeroResultRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = InsightsContext> = ResolversObject<{
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SearchAnalytics?: SearchAnalyticsResolvers<ContextType>;
  SearchClick?: SearchClickResolvers<ContextType>;
  SearchExperimentReport?: SearchExperimentReportResolvers<ContextType>;
  SearchQueryStats?: SearchQueryStatsResolvers<ContextType>;
  SearchVariantStats?: SearchVariantStatsResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = InsightsContext> = ResolversObject<{
  anonymousAllowed?: AnonymousAllowedDirectiveResolver<any, any, ContextType>;
}>;
