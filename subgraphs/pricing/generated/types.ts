import type { GraphQLResolveInfo } from 'graphql';
import type { ProductRef, PriceRow } from '../store.js';
import type { PricingContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
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

/** Money as integer minor units (cents) and an ISO 4217 currency. Never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Sets a product's price in one currency. */
  setPrice: Price;
};


export type MutationSetPriceArgs = {
  input: SetPriceInput;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Price = {
  __typename?: 'Price';
  /** Effective amount now, in minor units. */
  amount: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
  list: Money;
  /** True when the sale price applies now. */
  onSale: Scalars['Boolean']['output'];
  /** The sale price, when one is set (it may lie outside its validity window). */
  sale: Maybe<Money>;
  saleValidFrom: Maybe<Scalars['String']['output']>;
  saleValidTo: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['String']['output'];
  /** Incremented on every change; pass it as `expectedVersion` to detect lost updates. */
  version: Scalars['Int']['output'];
};

/** One change to a product's price in one currency. */
export type PriceChange = {
  __typename?: 'PriceChange';
  /** Null when the price was removed. */
  after: Maybe<PriceSnapshot>;
  /** Null when the product had no price in this currency before. */
  before: Maybe<PriceSnapshot>;
  /** Commit time of the change, ISO 8601. */
  changedAt: Scalars['String']['output'];
  /** ISO 4217 code of the price that changed. */
  currency: Scalars['String']['output'];
  /** The change event's id (CloudEvents `id`); the same on every gateway replica. */
  eventId: Scalars['ID']['output'];
  product: Product;
};

export type PriceHistoryConnection = {
  __typename?: 'PriceHistoryConnection';
  nodes: Array<PriceHistoryEntry>;
  pageInfo: PageInfo;
};

/** One state of a price and the time it was in force. */
export type PriceHistoryEntry = {
  __typename?: 'PriceHistoryEntry';
  /** Who made the change (the writer's subject), when the write carried one: staff only (scope pricing:write or inventory:read). */
  changedBy: Maybe<Scalars['String']['output']>;
  /** Null while the product had no price in this currency (it was removed). */
  price: Maybe<PriceSnapshot>;
  /** When this state took effect, ISO 8601. */
  validFrom: Scalars['String']['output'];
  /** When the next state took effect; null for the current one. */
  validTo: Maybe<Scalars['String']['output']>;
};

/** A price's stored state just before or just after a change. */
export type PriceSnapshot = {
  __typename?: 'PriceSnapshot';
  list: Money;
  /** The sale price, when one is set (it may lie outside its validity window). */
  sale: Maybe<Money>;
  saleValidFrom: Maybe<Scalars['String']['output']>;
  saleValidTo: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

export type Product = {
  __typename?: 'Product';
  id: Scalars['ID']['output'];
  /**
   * While a sale price applies: the lowest price that applied in the 30 days before the
   * reduction began (the prior price EU price-indication rules, Directive 98/6/EC Art. 6a, ask
   * shops to show beside a discount). Null when no sale price applies now.
   */
  lowestPrice30d: Maybe<Money>;
  /**
   * The price in `currency` (ISO 4217) at this moment: the sale price while a sale is on,
   * else the list price. Null when the product has no price in that currency. With `at`
   * (ISO 8601, not in the future): the price as it stood then, its amount and `onSale` as they
   * applied then; HISTORY_NOT_AVAILABLE for a time before its first recorded state.
   */
  price: Maybe<Price>;
  /**
   * The states of the price in `currency` in force at any moment from `from` (default: the
   * first) to `to` (default: now), oldest first.
   */
  priceHistory: PriceHistoryConnection;
  /** Every currency this product is priced in. */
  prices: Array<Price>;
};


export type ProductLowestPrice30dArgs = {
  currency?: InputMaybe<Scalars['String']['input']>;
};


export type ProductPriceArgs = {
  at?: InputMaybe<Scalars['String']['input']>;
  currency?: InputMaybe<Scalars['String']['input']>;
};


export type ProductPriceHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  currency?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['String']['input']>;
};

export type SetPriceInput = {
  /** ISO 4217 code, e.g. EUR. */
  currency: Scalars['String']['input'];
  /** When given, the write fails with CONFLICT unless the stored version equals it. */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  /** List price in minor units, >= 0. */
  listAmount: Scalars['Int']['input'];
  productId: Scalars['ID']['input'];
  /** Sale price in minor units, >= 0 and <= listAmount; null clears the sale. */
  saleAmount?: InputMaybe<Scalars['Int']['input']>;
  /** ISO 8601 timestamps bounding the sale; open-ended when null. */
  saleValidFrom?: InputMaybe<Scalars['String']['input']>;
  saleValidTo?: InputMaybe<Scalars['String']['input']>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Every price change of the given products (1 to a configured maximum, 100 by default),
   * with any `product` fields, from any subgraph, as they are right after the change.
   * Served by the gateway over graphql-ws.
   */
  priceChanged: PriceChange;
};


export type SubscriptionPriceChangedArgs = {
  productIds: Array<Scalars['ID']['input']>;
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
    & GraphQLRecursivePick<FederationTypes['Product'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Money: ResolverTypeWrapper<Money>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Price: ResolverTypeWrapper<PriceRow>;
  PriceChange: ResolverTypeWrapper<Omit<PriceChange, 'product'> & { product: ResolversTypes['Product'] }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  PriceHistoryConnection: ResolverTypeWrapper<PriceHistoryConnection>;
  PriceHistoryEntry: ResolverTypeWrapper<PriceHistoryEntry>;
  PriceSnapshot: ResolverTypeWrapper<PriceSnapshot>;
  Product: ResolverTypeWrapper<ProductRef>;
  SetPriceInput: SetPriceInput;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Money: Money;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Price: PriceRow;
  PriceChange: Omit<PriceChange, 'product'> & { product: ResolversParentTypes['Product'] };
  ID: Scalars['ID']['output'];
  PriceHistoryConnection: PriceHistoryConnection;
  PriceHistoryEntry: PriceHistoryEntry;
  PriceSnapshot: PriceSnapshot;
  Product: ProductRef;
  SetPriceInput: SetPriceInput;
  Subscription: Record<PropertyKey, never>;
}>;

export type MoneyResolvers<ContextType = PricingContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = PricingContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  setPrice?: Resolver<ResolversTypes['Price'], ParentType, ContextType, RequireFields<MutationSetPriceArgs, 'input'>>;
}>;

export type PageInfoResolvers<ContextType = PricingContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PriceResolvers<ContextType = PricingContext, ParentType extends ResolversParentTypes['Price'] = ResolversParentTypes['Price']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  list?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  onSale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sale?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  saleValidFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saleValidTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type PriceChangeResolvers<ContextType = PricingContext, ParentType extends ResolversParentTypes['PriceChange'] = ResolversParentTypes['PriceChange']> = ResolversObject<{
  after?: Resolver<Maybe<ResolversTypes['PriceSnapshot']>, ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['PriceSnapshot']>, ParentType, ContextType>;
  changedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
}>;

export type PriceHistoryConnectionResolvers<ContextType = PricingContext, ParentType extends ResolversParentTypes['PriceHistoryConnection'] = ResolversParentTypes['PriceHistoryConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['PriceHistoryEntry']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type PriceHistoryEntryResolvers<ContextType = PricingContext, ParentType extends ResolversParentTypes['PriceHistoryEntry'] = ResolversParentTypes['PriceHistoryEntry']> = ResolversObject<{
  changedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  price?: Resolver<Maybe<ResolversTypes['PriceSnapshot']>, ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PriceSnapshotResolvers<ContextType = PricingContext, ParentType extends ResolversParentTypes['PriceSnapshot'] = ResolversParentTypes['PriceSnapshot']> = ResolversObject<{
  list?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  sale?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  saleValidFrom?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saleValidTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ProductResolvers<ContextType = PricingContext, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product'], FederationReferenceType extends FederationReferenceTypes['Product'] = FederationReferenceTypes['Product']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Product']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lowestPrice30d?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType, RequireFields<ProductLowestPrice30dArgs, 'currency'>>;
  price?: Resolver<Maybe<ResolversTypes['Price']>, ParentType, ContextType, RequireFields<ProductPriceArgs, 'currency'>>;
  priceHistory?: Resolver<ResolversTypes['PriceHistoryConnection'], ParentType, ContextType, RequireFields<ProductPriceHistoryArgs, 'currency' | 'first'>>;
  prices?: Resolver<Array<ResolversTypes['Price']>, ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = PricingContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  priceChanged?: SubscriptionResolver<ResolversTypes['PriceChange'], "priceChanged", ParentType, ContextType, RequireFields<SubscriptionPriceChangedArgs, 'productIds'>>;
}>;

export type Resolvers<ContextType = PricingContext> = ResolversObject<{
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Price?: PriceResolvers<ContextType>;
  PriceChange?: PriceChangeResolvers<ContextType>;
  PriceHistoryConnection?: PriceHistoryConnectionResolvers<ContextType>;
  PriceHistoryEntry?: PriceHistoryEntryResolvers<ContextType>;
  PriceSnapshot?: PriceSnapshotResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
}>;

