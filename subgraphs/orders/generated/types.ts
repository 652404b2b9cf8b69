import type { GraphQLResolveInfo } from 'graphql';
import type { CartRow, CartLineRow } from '../cartStore.js';
import type { OrderRow, OrderLineRow, ShippingAddressValue } from '../orderStore.js';
import type { OrderPage } from '../orders.js';
import type { OrdersContext } from '../context.js';
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

/** A shopper's cart: only its owner (or staff with orders:read) sees it. */
export type Cart = {
  __typename?: 'Cart';
  /** ISO 4217 currency the cart is priced and paid in. */
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Units over all lines. */
  itemCount: Scalars['Int']['output'];
  /** Oldest first. Price and stock come from pricing and inventory through `product`. */
  lines: Array<CartLine>;
  status: CartStatus;
};

export type CartLine = {
  __typename?: 'CartLine';
  product: Product;
  /** 1 to 1000. */
  quantity: Scalars['Int']['output'];
};

export type CartStatus =
  /** An order was placed from it. */
  | 'CHECKED_OUT'
  /** A checkout is running on it; its lines are frozen. */
  | 'CHECKING_OUT'
  /** Lines may change. */
  | 'OPEN';

export type CheckoutInput = {
  cartId: Scalars['ID']['input'];
  /** 1 to 80 characters of [A-Za-z0-9:_-]; the same key again answers with the same order. */
  idempotencyKey: Scalars['String']['input'];
  /** A card token from the card vault, e.g. tok_ok. */
  paymentMethod: Scalars['String']['input'];
  shippingAddress: ShippingAddressInput;
  /** `<carrier>:<service>` from `shippingQuotes`, e.g. skyway:PRIORITY. */
  shippingOption: Scalars['String']['input'];
};

/** Money as integer minor units (cents) and an ISO 4217 currency. Never a float. */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['Int']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Adds `quantity` (1 to 1000 in all) of a product; PRODUCT_NOT_FOUND for an unknown product. */
  addCartLine: Cart;
  /**
   * Cancels a PLACED order of the caller's (any, with orders:write): the stock goes back on hand
   * and the payment authorization is voided, then the order is CANCELLED. Cancelling a
   * CANCELLED order answers it unchanged; a PENDING or FAILED one is ORDER_NOT_CANCELLABLE.
   * Answers the order as it stands after up to 10 s (still PLACED while the cancellation
   * finishes in the background).
   */
  cancelOrder: Order;
  /**
   * Prices the cart, reserves the stock, authorizes the payment and places the order, or
   * compensates and answers with a FAILED order and its `failureCode`. Answers PENDING when
   * the saga outlives the request; it finishes in the background.
   */
  checkout: Order;
  /** A new, empty cart for the caller, in `currency` (ISO 4217). */
  createCart: Cart;
  removeCartLine: Cart;
  /** Sets a line's quantity (1 to 1000). */
  updateCartLine: Cart;
};


export type MutationAddCartLineArgs = {
  cartId: Scalars['ID']['input'];
  productId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
};


export type MutationCancelOrderArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCheckoutArgs = {
  input: CheckoutInput;
};


export type MutationCreateCartArgs = {
  currency?: InputMaybe<Scalars['String']['input']>;
};


export type MutationRemoveCartLineArgs = {
  cartId: Scalars['ID']['input'];
  productId: Scalars['ID']['input'];
};


export type MutationUpdateCartLineArgs = {
  cartId: Scalars['ID']['input'];
  productId: Scalars['ID']['input'];
  quantity: Scalars['Int']['input'];
};

/** An order: only its owner (or staff with orders:read) sees it. */
export type Order = {
  __typename?: 'Order';
  /** ISO 8601. */
  createdAt: Scalars['String']['output'];
  currency: Scalars['String']['output'];
  /**
   * Why the checkout failed, when FAILED: a stable code such as OUT_OF_STOCK, PAYMENT_DECLINED,
   * PAYMENT_UNAVAILABLE, PRICE_UNAVAILABLE, SHIPPING_OPTION_UNAVAILABLE, SUBGRAPH_UNAVAILABLE.
   */
  failureCode: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Null until priced. */
  itemsTotal: Maybe<Money>;
  lines: Array<OrderLine>;
  placedAt: Maybe<Scalars['String']['output']>;
  shippingAddress: ShippingAddress;
  /** `<carrier>:<service>`, as `shippingQuotes` lists them, e.g. skyway:PRIORITY. */
  shippingOption: Scalars['String']['output'];
  shippingTotal: Maybe<Money>;
  status: OrderStatus;
  total: Maybe<Money>;
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  pageInfo: PageInfo;
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

export type OrderLine = {
  __typename?: 'OrderLine';
  lineTotal: Maybe<Money>;
  product: Product;
  quantity: Scalars['Int']['output'];
  /** The unit price locked at checkout; null until the saga priced the order. */
  unitPrice: Maybe<Money>;
};

export type OrderStatus =
  /** Cancelled after it was placed: payment voided, stock returned. */
  | 'CANCELLED'
  /** The checkout failed and was compensated; `failureCode` says why. */
  | 'FAILED'
  /** The checkout saga is running. */
  | 'PENDING'
  /** Priced, stock committed, payment authorized. */
  | 'PLACED';

/** One change of an order's status. */
export type OrderStatusChange = {
  __typename?: 'OrderStatusChange';
  after: OrderStatus;
  /** Null when the order was created. */
  before: Maybe<OrderStatus>;
  /** Commit time of the change, ISO 8601. */
  changedAt: Scalars['String']['output'];
  /** The change event's id (CloudEvents `id`); the same on every gateway replica. */
  eventId: Scalars['ID']['output'];
  /** Why a FAILED order failed, as `Order.failureCode`. */
  failureCode: Maybe<Scalars['String']['output']>;
  /** The order as it is right after the change (any fields, from any subgraph). */
  order: Order;
  orderId: Scalars['ID']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Product = {
  __typename?: 'Product';
  id: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** A cart of the caller's; null with CART_NOT_FOUND for an unknown id or someone else's cart. */
  cart: Maybe<Cart>;
  /** The caller's orders, newest first (first: 1 to 50). */
  myOrders: OrderConnection;
  /** An order of the caller's (any, with orders:read); null with ORDER_NOT_FOUND otherwise. */
  order: Maybe<Order>;
};


export type QueryCartArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMyOrdersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};

export type ShippingAddress = {
  __typename?: 'ShippingAddress';
  city: Scalars['String']['output'];
  /** ISO 3166-1 alpha-2. */
  country: Scalars['String']['output'];
  line1: Scalars['String']['output'];
  line2: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  postalCode: Scalars['String']['output'];
};

export type ShippingAddressInput = {
  city: Scalars['String']['input'];
  /** ISO 3166-1 alpha-2, e.g. DE. */
  country: Scalars['String']['input'];
  line1: Scalars['String']['input'];
  line2?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 200 characters, as are the other lines. */
  name: Scalars['String']['input'];
  postalCode: Scalars['String']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * The status changes of an order of the caller's (any, with orders:read): PENDING → PLACED or
   * FAILED, PLACED → CANCELLED. ORDER_NOT_FOUND for someone else's. Served by the gateway over
   * graphql-ws, like priceChanged.
   */
  orderStatusChanged: OrderStatusChange;
};


export type SubscriptionOrderStatusChangedArgs = {
  orderId: Scalars['ID']['input'];
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
  Order: Order;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Cart: ResolverTypeWrapper<CartRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CartLine: ResolverTypeWrapper<CartLineRow>;
  CartStatus: CartStatus;
  CheckoutInput: CheckoutInput;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Order: ResolverTypeWrapper<OrderRow>;
  OrderConnection: ResolverTypeWrapper<OrderPage>;
  OrderEdge: ResolverTypeWrapper<Omit<OrderEdge, 'node'> & { node: ResolversTypes['Order'] }>;
  OrderLine: ResolverTypeWrapper<OrderLineRow>;
  OrderStatus: OrderStatus;
  OrderStatusChange: ResolverTypeWrapper<Omit<OrderStatusChange, 'order'> & { order: ResolversTypes['Order'] }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Product: ResolverTypeWrapper<Product>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ShippingAddress: ResolverTypeWrapper<ShippingAddressValue>;
  ShippingAddressInput: ShippingAddressInput;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Cart: CartRow;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  CartLine: CartLineRow;
  CheckoutInput: CheckoutInput;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  Order: OrderRow;
  OrderConnection: OrderPage;
  OrderEdge: Omit<OrderEdge, 'node'> & { node: ResolversParentTypes['Order'] };
  OrderLine: OrderLineRow;
  OrderStatusChange: Omit<OrderStatusChange, 'order'> & { order: ResolversParentTypes['Order'] };
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Product: Product;
  Query: Record<PropertyKey, never>;
  ShippingAddress: ShippingAddressValue;
  ShippingAddressInput: ShippingAddressInput;
  Subscription: Record<PropertyKey, never>;
}>;

export type CartResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['Cart'] = ResolversParentTypes['Cart']> = ResolversObject<{
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  itemCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['CartLine']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CartStatus'], ParentType, ContextType>;
}>;

export type CartLineResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['CartLine'] = ResolversParentTypes['CartLine']> = ResolversObject<{
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  addCartLine?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationAddCartLineArgs, 'cartId' | 'productId' | 'quantity'>>;
  cancelOrder?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationCancelOrderArgs, 'id'>>;
  checkout?: Resolver<ResolversTypes['Order'], ParentType, ContextType, RequireFields<MutationCheckoutArgs, 'input'>>;
  createCart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationCreateCartArgs, 'currency'>>;
  removeCartLine?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationRemoveCartLineArgs, 'cartId' | 'productId'>>;
  updateCartLine?: Resolver<ResolversTypes['Cart'], ParentType, ContextType, RequireFields<MutationUpdateCartLineArgs, 'cartId' | 'productId' | 'quantity'>>;
}>;

export type OrderResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  failureCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  itemsTotal?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['OrderLine']>, ParentType, ContextType>;
  placedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  shippingAddress?: Resolver<ResolversTypes['ShippingAddress'], ParentType, ContextType>;
  shippingOption?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  shippingTotal?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  total?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
}>;

export type OrderConnectionResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['OrderConnection'] = ResolversParentTypes['OrderConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['OrderEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type OrderEdgeResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['OrderEdge'] = ResolversParentTypes['OrderEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
}>;

export type OrderLineResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['OrderLine'] = ResolversParentTypes['OrderLine']> = ResolversObject<{
  lineTotal?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  product?: Resolver<ResolversTypes['Product'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unitPrice?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
}>;

export type OrderStatusChangeResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['OrderStatusChange'] = ResolversParentTypes['OrderStatusChange']> = ResolversObject<{
  after?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['OrderStatus']>, ParentType, ContextType>;
  changedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  failureCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
  orderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProductResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['Product'] = ResolversParentTypes['Product']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  cart?: Resolver<Maybe<ResolversTypes['Cart']>, ParentType, ContextType, RequireFields<QueryCartArgs, 'id'>>;
  myOrders?: Resolver<ResolversTypes['OrderConnection'], ParentType, ContextType, RequireFields<QueryMyOrdersArgs, 'first'>>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<QueryOrderArgs, 'id'>>;
}>;

export type ShippingAddressResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['ShippingAddress'] = ResolversParentTypes['ShippingAddress']> = ResolversObject<{
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  country?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line1?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  line2?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  postalCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = OrdersContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  orderStatusChanged?: SubscriptionResolver<ResolversTypes['OrderStatusChange'], "orderStatusChanged", ParentType, ContextType, RequireFields<SubscriptionOrderStatusChangedArgs, 'orderId'>>;
}>;

export type Resolvers<ContextType = OrdersContext> = ResolversObject<{
  Cart?: CartResolvers<ContextType>;
  CartLine?: CartLineResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderConnection?: OrderConnectionResolvers<ContextType>;
  OrderEdge?: OrderEdgeResolvers<ContextType>;
  OrderLine?: OrderLineResolvers<ContextType>;
  OrderStatusChange?: OrderStatusChangeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ShippingAddress?: ShippingAddressResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
}>;

