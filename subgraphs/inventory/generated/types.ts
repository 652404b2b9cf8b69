import type { GraphQLResolveInfo } from 'graphql';
import type { ProductRef, StockSummary, StockRow, WarehouseRow } from '../store.js';
import type { Reservation as ReservationModel, ReservationAllocation as ReservationAllocationModel } from '../reservations/index.js';
import type { InventoryContext } from '../context.js';
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

export type AdjustStockInput = {
  /** Change to on-hand quantity; non-zero. On hand may not fall below reserved or zero. */
  delta: Scalars['Int']['input'];
  /** When given, the write fails with CONFLICT unless the stored version equals it. */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  productId: Scalars['ID']['input'];
  /** Why (receipt, sale, count correction…); recorded with the movement. */
  reason: Scalars['String']['input'];
  warehouseId: Scalars['ID']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Adds `delta` to a product's on-hand stock in one warehouse and records the movement. */
  adjustStock: WarehouseStock;
  /** Turns a held reservation into an on-hand decrement; idempotent. A released or expired one is CONFLICT. */
  commitReservation: Reservation;
  /** Gives a held reservation's stock back; idempotent. A committed one is CONFLICT. */
  releaseReservation: Reservation;
  /**
   * Holds every line or none (service call from the orders saga; not in the gateway's API).
   * Idempotent by `reservationKey`; the same key with other lines is CONFLICT.
   */
  reserveStock: Reservation;
  /** Puts a committed reservation's stock back on hand (a cancelled order); idempotent, and a no-op for one never committed. */
  returnReservation: Reservation;
};


export type MutationAdjustStockArgs = {
  input: AdjustStockInput;
};


export type MutationCommitReservationArgs = {
  reservationKey: Scalars['ID']['input'];
};


export type MutationReleaseReservationArgs = {
  reservationKey: Scalars['ID']['input'];
};


export type MutationReserveStockArgs = {
  input: ReserveStockInput;
};


export type MutationReturnReservationArgs = {
  reservationKey: Scalars['ID']['input'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Product = {
  __typename?: 'Product';
  id: Scalars['ID']['output'];
  /**
   * Stock summed over all warehouses. With `at` (ISO 8601, not in the future): as it stood then,
   * each warehouse's state at that moment; HISTORY_NOT_AVAILABLE for a time before the
   * product's first recorded stock state.
   */
  stock: Stock;
  /**
   * The states of the product's stock in one warehouse in force at any moment from `from`
   * (default: the first) to `to` (default: now), oldest first.
   */
  stockHistory: StockHistoryConnection;
};


export type ProductStockArgs = {
  at?: InputMaybe<Scalars['String']['input']>;
};


export type ProductStockHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['String']['input']>;
  warehouseId: Scalars['ID']['input'];
};

export type Query = {
  __typename?: 'Query';
  warehouses: Array<Warehouse>;
};

/** Stock held for a checkout, keyed by the caller's idempotency key. */
export type Reservation = {
  __typename?: 'Reservation';
  allocations: Array<ReservationAllocation>;
  /** ISO 8601; after it the sweeper releases a held reservation. */
  expiresAt: Scalars['String']['output'];
  reservationKey: Scalars['ID']['output'];
  status: ReservationStatus;
};

/** Units of one product held in one warehouse. */
export type ReservationAllocation = {
  __typename?: 'ReservationAllocation';
  productId: Scalars['ID']['output'];
  quantity: Scalars['Int']['output'];
  warehouseId: Scalars['ID']['output'];
};

export type ReservationStatus =
  | 'COMMITTED'
  | 'EXPIRED'
  | 'HELD'
  | 'RELEASED'
  /** Committed, then returned to on-hand stock (a cancelled order). */
  | 'RETURNED';

export type ReserveStockInput = {
  /** ISO 3166-1 alpha-2 country of the delivery address: its warehouses are preferred. */
  country?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 100 lines, one per product; all are reserved or none (OUT_OF_STOCK). */
  lines: Array<ReserveStockLineInput>;
  /** The caller's idempotency key (saga id + step), 1 to 200 characters: the same key twice is one reservation. */
  reservationKey: Scalars['ID']['input'];
  /** How long the stock is held before the sweeper releases it. Default 900 (15 minutes). */
  ttlSeconds?: InputMaybe<Scalars['Int']['input']>;
};

/** One product and how many units of it to hold. */
export type ReserveStockLineInput = {
  productId: Scalars['ID']['input'];
  /** 1 to 100000. */
  quantity: Scalars['Int']['input'];
};

export type Stock = {
  __typename?: 'Stock';
  /** On hand minus reserved, over all warehouses. */
  available: Scalars['Int']['output'];
  inStock: Scalars['Boolean']['output'];
  onHand: Scalars['Int']['output'];
  /** Reserved for open orders: staff only (scope inventory:read). */
  reserved: Scalars['Int']['output'];
  warehouses: Array<WarehouseStock>;
};

/** One change to a product's stock in one warehouse. */
export type StockChange = {
  __typename?: 'StockChange';
  /** Null when the stock row was removed. */
  after: Maybe<StockSnapshot>;
  /** Null when the product had no stock row in this warehouse before. */
  before: Maybe<StockSnapshot>;
  /** Commit time of the change, ISO 8601. */
  changedAt: Scalars['String']['output'];
  /** The change event's id (CloudEvents `id`); the same on every gateway replica. */
  eventId: Scalars['ID']['output'];
  product: Product;
  warehouseId: Scalars['ID']['output'];
};

export type StockHistoryConnection = {
  __typename?: 'StockHistoryConnection';
  nodes: Array<StockHistoryEntry>;
  pageInfo: PageInfo;
};

/** One state of a product's stock in one warehouse and the time it was in force. */
export type StockHistoryEntry = {
  __typename?: 'StockHistoryEntry';
  available: Maybe<Scalars['Int']['output']>;
  /** Who made the change (the writer's subject), when the write carried one: staff only (scope pricing:write or inventory:read). */
  changedBy: Maybe<Scalars['String']['output']>;
  /** Null while the product had no stock row in the warehouse. */
  onHand: Maybe<Scalars['Int']['output']>;
  /** Reserved for open orders: staff only (scope inventory:read). */
  reserved: Maybe<Scalars['Int']['output']>;
  /** When this state took effect, ISO 8601. */
  validFrom: Scalars['String']['output'];
  /** When the next state took effect; null for the current one. */
  validTo: Maybe<Scalars['String']['output']>;
  version: Scalars['Int']['output'];
};

/** A warehouse stock row's quantities just before or just after a change. */
export type StockSnapshot = {
  __typename?: 'StockSnapshot';
  /** On hand minus reserved. */
  available: Scalars['Int']['output'];
  onHand: Scalars['Int']['output'];
  /** Reserved for open orders: staff only (scope inventory:read), as on Stock and WarehouseStock. */
  reserved: Scalars['Int']['output'];
  version: Scalars['Int']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Every stock change of the given products (1 to a configured maximum, 100 by default),
   * in one warehouse when `warehouseId` is given, with any `product` fields as they are
   * right after the change. Served by the gateway over graphql-ws.
   */
  stockChanged: StockChange;
};


export type SubscriptionStockChangedArgs = {
  productIds: Array<Scalars['ID']['input']>;
  warehouseId?: InputMaybe<Scalars['ID']['input']>;
};

export type Warehouse = {
  __typename?: 'Warehouse';
  /** ISO 3166-1 alpha-2 country code. */
  country: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type WarehouseStock = {
  __typename?: 'WarehouseStock';
  available: Scalars['Int']['output'];
  onHand: Scalars['Int']['output'];
  /** Reserved for open orders: staff only (scope inventory:read). */
  reserved: Scalars['Int']['output'];
  updatedAt: Scalars['String']['output'];
  /** Incremented on every change; pass it as `expectedVersion` to detect lost updates. */
  version: Scalars['Int']['output'];
  warehouse: Warehouse;
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
  AdjustStockInput: AdjustStockInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Product: ResolverTypeWrapper<ProductRef>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Reservation: ResolverTypeWrapper<ReservationModel>;
  ReservationAllocation: ResolverTypeWrapper<ReservationAllocationModel>;
  ReservationStatus: ReservationStatus;
  ReserveStockInput: ReserveStockInput;
  ReserveStockLineInput: ReserveStockLineInput;
  Stock: ResolverTypeWrapper<StockSummary>;
  StockChange: ResolverTypeWrapper<Omit<StockChange, 'product'> & { product: ResolversTypes['Product'] }>;
  StockHistoryConnection: ResolverTypeWrapper<StockHistoryConnection>;
  StockHistoryEntry: ResolverTypeWrapper<StockHistoryEntry>;
  StockSnapshot: ResolverTypeWrapper<StockSnapshot>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Warehouse: ResolverTypeWrapper<WarehouseRow>;
  WarehouseStock: ResolverTypeWrapper<StockRow>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AdjustStockInput: AdjustStockInput;
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Product: ProductRef;
  Query: Record<PropertyKey, never>;
  Reservation: ReservationModel;
  ReservationAllocation: ReservationAllocationModel;
  ReserveStockInput: ReserveStockInput;
  ReserveStockLineInput: ReserveStockLineInput;
  Stock: StockSummary;
  StockChange: Omit<StockChange, 'product'> & { product: ResolversParentTypes['Product'] };
  StockHistoryConnection: StockHistoryConnection;
  StockHistoryEntry: StockHistoryEntry;
  StockSnapshot: StockSnapshot;
  Subscription: Record<PropertyKey, never>;
  Warehouse: WarehouseRow;
  WarehouseStock: StockRow;
}>;

export type MutationResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  adjustStock?: Resolver<ResolversTypes['WarehouseStock'], ParentType, ContextType, RequireFields<MutationAdjustStockArgs, 'input'>>;
  commitReservation?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType, RequireFields<MutationCommitReservationArgs, 'reservationKey'>>;
  releaseReservation?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType, RequireFields<MutationReleaseReservationArgs, 'reservationKey'>>;
  reserveStock?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType, RequireFields<MutationReserveStockArgs, 'input'>>;
  returnReservation?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType, RequireFields<MutationReturnReservationArgs, 'reservationKey'>>;
}>;

export type PageInfoResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProductResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product'], FederationReferenceType extends FederationReferenceTypes['Product'] = FederationReferenceTypes['Product']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Product']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  stock?: Resolver<ResolversTypes['Stock'], ParentType, ContextType, Partial<ProductStockArgs>>;
  stockHistory?: Resolver<ResolversTypes['StockHistoryConnection'], ParentType, ContextType, RequireFields<ProductStockHistoryArgs, 'first' | 'warehouseId'>>;
}>;

export type QueryResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  warehouses?: Resolver<Array<ResolversTypes['Warehouse']>, ParentType, ContextType>;
}>;

export type ReservationResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['Reservation'] = ResolversParentTypes['Reservation']> = ResolversObject<{
  allocations?: Resolver<Array<ResolversTypes['ReservationAllocation']>, ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reservationKey?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ReservationStatus'], ParentType, ContextType>;
}>;

export type ReservationAllocationResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['ReservationAllocation'] = ResolversParentTypes['ReservationAllocation']> = ResolversObject<{
  productId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  warehouseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type StockResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['Stock'] = ResolversParentTypes['Stock']> = ResolversObject<{
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  inStock?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  onHand?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reserved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  warehouses?: Resolver<Array<ResolversTypes['WarehouseStock']>, ParentType, ContextType>;
}>;

export type StockChangeResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['StockChange'] = ResolversParentTypes['StockChange']> = ResolversObject<{
  after?: Resolver<Maybe<ResolversTypes['StockSnapshot']>, ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['StockSnapshot']>, ParentType, ContextType>;
  changedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
  warehouseId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type StockHistoryConnectionResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['StockHistoryConnection'] = ResolversParentTypes['StockHistoryConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['StockHistoryEntry']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type StockHistoryEntryResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['StockHistoryEntry'] = ResolversParentTypes['StockHistoryEntry']> = ResolversObject<{
  available?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  changedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  onHand?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  reserved?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type StockSnapshotResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['StockSnapshot'] = ResolversParentTypes['StockSnapshot']> = ResolversObject<{
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  onHand?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reserved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  stockChanged?: SubscriptionResolver<ResolversTypes['StockChange'], "stockChanged", ParentType, ContextType, RequireFields<SubscriptionStockChangedArgs, 'productIds'>>;
}>;

export type WarehouseResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['Warehouse'] = ResolversParentTypes['Warehouse']> = ResolversObject<{
  country?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type WarehouseStockResolvers<ContextType = InventoryContext, ParentType extends ResolversParentTypes['WarehouseStock'] = ResolversParentTypes['WarehouseStock']> = ResolversObject<{
  available?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  onHand?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reserved?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  warehouse?: Resolver<ResolversTypes['Warehouse'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = InventoryContext> = ResolversObject<{
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Reservation?: ReservationResolvers<ContextType>;
  ReservationAllocation?: ReservationAllocationResolvers<ContextType>;
  Stock?: StockResolvers<ContextType>;
  StockChange?: StockChangeResolvers<ContextType>;
  StockHistoryConnection?: StockHistoryConnectionResolvers<ContextType>;
  StockHistoryEntry?: StockHistoryEntryResolvers<ContextType>;
  StockSnapshot?: StockSnapshotResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Warehouse?: WarehouseResolvers<ContextType>;
  WarehouseStock?: WarehouseStockResolvers<ContextType>;
}>;

