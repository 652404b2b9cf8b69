import type { GraphQLResolveInfo } from 'graphql';
import type { ProductRepresentation, ShippingQuotesResult } from '../quoteShipping.js';
import type { CarrierQuote } from '../carriers/Carrier.js';
import type { ShipmentRow, TrackingEventRow } from '../shipmentStore.js';
import type { ShippingContext } from '../context.js';
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

export type BookedShipment = {
  __typename?: 'BookedShipment';
  carrier: Scalars['String']['output'];
  trackingNumber: Scalars['String']['output'];
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

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Books the label at the option's carrier, idempotent by key. SHIPPING_OPTION_UNAVAILABLE when
   * the carrier refuses, CARRIER_UNAVAILABLE when it cannot answer (retry with the same key),
   * SHIPMENT_CANCELLED for a key already cancelled.
   */
  bookShipment: BookedShipment;
  /**
   * Compensation of `bookShipment`: voids whatever label the key holds (also when the booking
   * never answered) and refuses the key from then on. False when the carrier can no longer
   * void it (picked up). Idempotent.
   */
  cancelShipment: Scalars['Boolean']['output'];
};


export type MutationBookShipmentArgs = {
  input: ShipmentInput;
};


export type MutationCancelShipmentArgs = {
  input: ShipmentInput;
};

export type Order = {
  __typename?: 'Order';
  id: Scalars['ID']['output'];
  /** Null before the checkout booked a label, or for a caller who may not see it. */
  shipment: Maybe<Shipment>;
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

export type RecipientInput = {
  city: Scalars['String']['input'];
  /** ISO 3166-1 alpha-2. */
  country: Scalars['String']['input'];
  line1: Scalars['String']['input'];
  line2?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  postalCode: Scalars['String']['input'];
};

/** The parcel of an order: visible to the order's customer and to staff with orders:read. */
export type Shipment = {
  __typename?: 'Shipment';
  /** Carrier id, e.g. skyway. */
  carrier: Scalars['String']['output'];
  /** Every scan, oldest first (duplicates pushed by the carrier appear once). */
  events: Array<TrackingEvent>;
  id: Scalars['ID']['output'];
  /** The carrier's service code, as chosen at checkout. */
  service: Scalars['String']['output'];
  /** The status of the carrier's latest scan by its own time: a late or repeated push never moves it back. */
  status: ShipmentStatus;
  trackingNumber: Scalars['String']['output'];
  /** ISO 8601. */
  updatedAt: Scalars['String']['output'];
};

export type ShipmentInput = {
  /** The order's customer (JWT subject): who may read the shipment. */
  customer: Scalars['String']['input'];
  /** `<order id>:ship`; the same key again never books a second label. */
  idempotencyKey: Scalars['ID']['input'];
  items: Array<ShippingItemInput>;
  /** `carrier:service`, as quoted. */
  option: Scalars['String']['input'];
  orderId: Scalars['ID']['input'];
  recipient: RecipientInput;
};

/** Where a parcel is, from the carrier's tracking. */
export type ShipmentStatus =
  /** The label was voided (the order was cancelled before pickup). */
  | 'CANCELLED'
  | 'DELIVERED'
  /** The carrier reports a problem (address, damage, customs); a later scan moves on from it. */
  | 'EXCEPTION'
  | 'IN_TRANSIT'
  /** The label is booked; the carrier has not picked the parcel up yet. */
  | 'LABEL_CREATED'
  | 'OUT_FOR_DELIVERY'
  | 'PICKED_UP';

/** A change of an order's shipment status, as `shipmentTracking` delivers it. */
export type ShipmentStatusChange = {
  __typename?: 'ShipmentStatusChange';
  after: ShipmentStatus;
  /** The carrier's time of the scan, ISO 8601. */
  at: Scalars['String']['output'];
  /** Null when the label was just booked. */
  before: Maybe<ShipmentStatus>;
  carrier: Scalars['String']['output'];
  eventId: Scalars['ID']['output'];
  /** The order as it is right after the change (any fields, from any subgraph). */
  order: Order;
  orderId: Scalars['ID']['output'];
  trackingNumber: Scalars['String']['output'];
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

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * The shipment status changes of an order of the caller's (any, with orders:read): label
   * created, picked up, in transit, out for delivery, delivered. ORDER_NOT_FOUND for someone
   * else's. Served by the gateway, like orderStatusChanged.
   */
  shipmentTracking: ShipmentStatusChange;
};


export type SubscriptionShipmentTrackingArgs = {
  orderId: Scalars['ID']['input'];
};

/** One scan the carrier reported. */
export type TrackingEvent = {
  __typename?: 'TrackingEvent';
  /** When the carrier scanned it, ISO 8601 (its clock: events are ordered by it, not by arrival). */
  at: Scalars['String']['output'];
  /** Depot or town, as the carrier names it. */
  location: Maybe<Scalars['String']['output']>;
  status: ShipmentStatus;
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
  Order: Order;
  Product: Product;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
  Product:
    ( { __typename: 'Product' }
    & GraphQLRecursivePick<FederationTypes['Product'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Product'], {"weightGrams":true,"dimensions":{"lengthMm":true,"widthMm":true,"heightMm":true}}> ) );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  BookedShipment: ResolverTypeWrapper<ShipmentRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CarrierUnavailableReason: CarrierUnavailableReason;
  DayRange: ResolverTypeWrapper<DayRange>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DestinationInput: DestinationInput;
  Dimensions: ResolverTypeWrapper<Dimensions>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Order: ResolverTypeWrapper<Omit<Order, 'shipment'> & { shipment?: Maybe<ResolversTypes['Shipment']> }>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Parcel: ResolverTypeWrapper<Parcel>;
  Product: ResolverTypeWrapper<ProductRepresentation>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RecipientInput: RecipientInput;
  Shipment: ResolverTypeWrapper<ShipmentRow>;
  ShipmentInput: ShipmentInput;
  ShipmentStatus: ShipmentStatus;
  ShipmentStatusChange: ResolverTypeWrapper<Omit<ShipmentStatusChange, 'order'> & { order: ResolversTypes['Order'] }>;
  ShippingItemInput: ShippingItemInput;
  ShippingQuote: ResolverTypeWrapper<CarrierQuote>;
  ShippingQuotes: ResolverTypeWrapper<ShippingQuotesResult>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TrackingEvent: ResolverTypeWrapper<TrackingEventRow>;
  UnavailableCarrier: ResolverTypeWrapper<UnavailableCarrier>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  BookedShipment: ShipmentRow;
  String: Scalars['String']['output'];
  DayRange: DayRange;
  Int: Scalars['Int']['output'];
  DestinationInput: DestinationInput;
  Dimensions: Dimensions;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  Order: Omit<Order, 'shipment'> & { shipment?: Maybe<ResolversParentTypes['Shipment']> } | FederationReferenceTypes['Order'];
  ID: Scalars['ID']['output'];
  Parcel: Parcel;
  Product: ProductRepresentation;
  Query: Record<PropertyKey, never>;
  RecipientInput: RecipientInput;
  Shipment: ShipmentRow;
  ShipmentInput: ShipmentInput;
  ShipmentStatusChange: Omit<ShipmentStatusChange, 'order'> & { order: ResolversParentTypes['Order'] };
  ShippingItemInput: ShippingItemInput;
  ShippingQuote: CarrierQuote;
  ShippingQuotes: ShippingQuotesResult;
  Subscription: Record<PropertyKey, never>;
  TrackingEvent: TrackingEventRow;
  UnavailableCarrier: UnavailableCarrier;
}>;

export type BookedShipmentResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['BookedShipment'] = ResolversParentTypes['BookedShipment']> = ResolversObject<{
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  trackingNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DayRangeResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['DayRange'] = ResolversParentTypes['DayRange']> = ResolversObject<{
  max?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  bookShipment?: Resolver<ResolversTypes['BookedShipment'], ParentType, ContextType, RequireFields<MutationBookShipmentArgs, 'input'>>;
  cancelShipment?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationCancelShipmentArgs, 'input'>>;
}>;

export type OrderResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  shipment?: Resolver<Maybe<ResolversTypes['Shipment']>, ParentType, ContextType>;
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

export type ShipmentResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['Shipment'] = ResolversParentTypes['Shipment']> = ResolversObject<{
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['TrackingEvent']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ShipmentStatus'], ParentType, ContextType>;
  trackingNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ShipmentStatusChangeResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['ShipmentStatusChange'] = ResolversParentTypes['ShipmentStatusChange']> = ResolversObject<{
  after?: Resolver<ResolversTypes['ShipmentStatus'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['ShipmentStatus']>, ParentType, ContextType>;
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
  orderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  trackingNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
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

export type SubscriptionResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  shipmentTracking?: SubscriptionResolver<ResolversTypes['ShipmentStatusChange'], "shipmentTracking", ParentType, ContextType, RequireFields<SubscriptionShipmentTrackingArgs, 'orderId'>>;
}>;

export type TrackingEventResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['TrackingEvent'] = ResolversParentTypes['TrackingEvent']> = ResolversObject<{
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  location?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ShipmentStatus'], ParentType, ContextType>;
}>;

export type UnavailableCarrierResolvers<ContextType = ShippingContext, ParentType extends ResolversParentTypes['UnavailableCarrier'] = ResolversParentTypes['UnavailableCarrier']> = ResolversObject<{
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['CarrierUnavailableReason'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = ShippingContext> = ResolversObject<{
  BookedShipment?: BookedShipmentResolvers<ContextType>;
  DayRange?: DayRangeResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  Parcel?: ParcelResolvers<ContextType>;
  Product?: ProductResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Shipment?: ShipmentResolvers<ContextType>;
  ShipmentStatusChange?: ShipmentStatusChangeResolvers<ContextType>;
  ShippingQuote?: ShippingQuoteResolvers<ContextType>;
  ShippingQuotes?: ShippingQuotesResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TrackingEvent?: TrackingEventResolvers<ContextType>;
  UnavailableCarrier?: UnavailableCarrierResolvers<ContextType>;
}>;

