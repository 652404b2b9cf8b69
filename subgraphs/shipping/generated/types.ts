import type { GraphQLResolveInfo } from 'graphql';
import type { ProductRepresentation, ShippingQuotesResult } from '../quoteShipping.js';
import type { CarrierQuote } from '../carriers/Carrier.js';
import type { ShippingContext } from '../context.js';
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

/** Why a carrier gave no quote. */
export type CarrierUnavailableReason =
  /** The carrier refused our credentials. */
  | 'AUTH_FAILED'
  /** The carrier's answer was malformed. */
  | 'BAD_RESPONSE'
  /** Too many calls to this carrier are in flight. */
  | 'BULKHEAD_FULL'
  /** The carrier failed repeatedly; its circuit breaker is open and it is not being called. */
  | 'CIRCUIT_OPEN'
  /** The carrier had not answered when the overall deadline passed. */
  | 'DEADLINE_EXCEEDED'
  /** The carrier does not serve this destination or parcel. */
  | 'DECLINED'
  /** The carrier answered 429, or its Retry-After still holds calls back. */
  | 'RATE_LIMITED'
  /** A call took longer than its timeout, after retries. */
  | 'TIMEOUT'
  /** The carrier answered 5xx or refused or dropped the connection, after retries. */
  | 'UNAVAILABLE';

/** Business days in transit. */
export type DayRange = {
  __typename?: 'DayRange';
  max: Scalars['Int']['output'];
  min: Scalars['Int']['output'];
};

export type DestinationInput = {
  /** ISO 3166-1 alpha-2 country code, e.g. DE. */
  country: Scalars['String']['input'];
  /** Postal code in the country's format, e.g. 10115. */
  postalCode: Scalars['String']['input'];
};

export type Dimensions = {
  __typename?: 'Dimensions';
  heightMm: Scalars['Int']['output'];
  lengthMm: Scalars['Int']['output'];
  widthMm: Scalars['Int']['output'];
};

/** Money as integer minor units (cents) and an ISO 4217 currency. Never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
};

export type Parcel = {
  __typename?: 'Parcel';
  heightMm: Scalars['Int']['output'];
  lengthMm: Scalars['Int']['output'];
  weightGrams: Scalars['Int']['output'];
  widthMm: Scalars['Int']['output'];
};

export type Product = {
  __typename?: 'Product';
  dimensions: Dimensions;
  id: Scalars['ID']['output'];
  /**
   * Quotes for shipping one of this product to `destination`, from every carrier that
   * answers within the deadline. Weight and dimensions come from catalog.
   */
  shippingEstimate: ShippingQuotes;
  weightGrams: Scalars['Int']['output'];
};


export type ProductShippingEstimateArgs = {
  destination: DestinationInput;
};

export type Query = {
  __typename?: 'Query';
  /**
   * Quotes for shipping `items` (1..50 lines; quantity 1..100) to `destination` from every
   * carrier at once, under one deadline. A carrier that is down, slow or rate-limiting is
   * listed in `unavailableCarriers` instead of delaying the answer. Unknown products fail
   * with PRODUCT_NOT_FOUND, bad input with BAD_USER_INPUT.
   */
  shippingQuotes: ShippingQuotes;
};


export type QueryShippingQuotesArgs = {
  destination: DestinationInput;
  items: Array<ShippingItemInput>;
};

export type ShippingItemInput = {
  productId: Scalars['ID']['input'];
  /** 1..100 */
  quantity: Scalars['Int']['input'];
};

export type ShippingQuote = {
  __typename?: 'ShippingQuote';
  amount: Money;
  /** Carrier id, e.g. skyway. */
  carrier: Scalars['String']['output'];
  estimatedDays: DayRange;
  /** The carrier's service code, e.g. PRIORITY. */
  service: Scalars['String']['output'];
  serviceName: Scalars['String']['output'];
};

/** What the cart costs to ship, by carrier and service, and which carriers could not quote. */
export type ShippingQuotes = {
  __typename?: 'ShippingQuotes';
  /** The parcel that was quoted: total weight and outer dimensions. */
  parcel: Parcel;
  /** Every service offered, cheapest first. */
  quotes: Array<ShippingQuote>;
  /** Carriers that gave no quote for this request, and why. Empty when every carrier answered. */
  unavailableCarriers: Array<UnavailableCarrier>;
};

export type UnavailableCarrier = {
  __typename?: 'UnavailableCarrier';
  carrier: Scalars['String']['output'];
  reason: CarrierUnavailableReason;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

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

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Product: Product;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Product:
    ( { __typename: 'Product' }
    & GraphQLRecursivePick<FederationTypes['Product'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Product'], {"weightGrams":true,"dimensions":{"lengthMm":true,"widthMm":true,"heightMm":true}}> ) );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CarrierUnavailableReason: CarrierUnavailableReason;
  DayRange: ResolverTypeWrapper<DayRange>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DestinationInput: DestinationInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Dimensions: ResolverTypeWrapper<Dimensions>;
  Money: ResolverTypeWrapper<Money>;
  Parcel: ResolverTypeWrapper<Parcel>;
  Product: ResolverTypeWrapper<ProductRepresentation>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ShippingItemInput: ShippingItemInput;
  ShippingQuote: ResolverTypeWrapper<CarrierQuote>;
  ShippingQuotes: ResolverTypeWrapper<ShippingQuotesResult>;
  UnavailableCarrier: ResolverTypeWrapper<UnavailableCarrier>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DayRange: DayRange;
  Int: Scalars['Int']['output'];
  DestinationInput: DestinationInput;
  String: Scalars['String']['output'];
  Dimensions: Dimensions;
  Money: Money;
  Parcel: Parcel;
  Product: ProductRepresentation;
  ID: Scalars['ID']['output'];
  Query: Record<PropertyKey, never>;
  ShippingItemInput: ShippingItemInput;
  ShippingQuote: CarrierQuote;
  ShippingQuotes: ShippingQuotesResult;
  UnavailableCarrier: UnavailableCarrier;
  Boolean: Scalars['Boolean']['output'];
}>;

export type DayRangeResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['DayRange'] = ResolversParentTypes['DayRange']> = ResolversObject<{
  max?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ParcelResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['Parcel'] = ResolversParentTypes['Parcel']> = ResolversObject<{
  heightMm?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lengthMm?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  weightGrams?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  widthMm?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ProductResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product'], FederationReferenceType extends FederationReferenceTypes['Product'] = FederationReferenceTypes['Product']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Product']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  shippingEstimate?: Resolver<ResolversTypes['ShippingQuotes'], ParentType, ContextType, RequireFields<ProductShippingEstimateArgs, 'destination'>>;
}>;

export type QueryResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  shippingQuotes?: Resolver<ResolversTypes['ShippingQuotes'], ParentType, ContextType, RequireFields<QueryShippingQuotesArgs, 'destination' | 'items'>>;
}>;

export type ShippingQuoteResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['ShippingQuote'] = ResolversParentTypes['ShippingQuote']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  estimatedDays?: Resolver<ResolversTypes['DayRange'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  serviceName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ShippingQuotesResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['ShippingQuotes'] = ResolversParentTypes['ShippingQuotes']> = ResolversObject<{
  parcel?: Resolver<ResolversTypes['Parcel'], ParentType, ContextType>;
  quotes?: Resolver<Array<ResolversTypes['ShippingQuote']>, ParentType, ContextType>;
  unavailableCarriers?: Resolver<Array<ResolversTypes['UnavailableCarrier']>, ParentType, ContextType>;
}>;

export type UnavailableCarrierResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['UnavailableCarrier'] = ResolversParentTypes['UnavailableCarrier']> = ResolversObject<{
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['CarrierUnavailableReason'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = ShippingContext> = ResolversObject<{
  DayRange?: DayRangeResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Parcel?: ParcelResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ShippingQuote?: ShippingQuoteResolvers<ContextType>;
  ShippingQuotes?: ShippingQuotesResolvers<ContextType>;
  UnavailableCarrier?: UnavailableCarrierResolvers<ContextType>;
}>;

