import type { GraphQLResolveInfo } from 'graphql';
import type { PaymentRow, AttemptRow } from '../paymentStore.js';
import type { PaymentsContext } from '../context.js';
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

export type AuthorizationOutcome =
  | 'AUTHORIZED'
  | 'DECLINED'
  | 'UNAVAILABLE';

export type AuthorizePaymentInput = {
  /** Minor units, > 0. */
  amount: Scalars['Int']['input'];
  currency: Scalars['String']['input'];
  /** The order's customer (JWT subject): who may read the payment. */
  customer: Scalars['String']['input'];
  /** `<order id>:authorize`; the same key again never charges twice. */
  idempotencyKey: Scalars['ID']['input'];
  orderId: Scalars['ID']['input'];
  /** A card token from the card vault. */
  paymentMethod: Scalars['String']['input'];
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
   * Authorizes at the providers in failover order (never after a business refusal; after an
   * unanswered call only once a lookup found nothing live). Idempotent by key: the same key
   * answers the same authorization. PAYMENT_IN_PROGRESS while another call with the key runs,
   * PAYMENT_UNRESOLVED when an attempt could not be looked up: retry with the same key.
   */
  authorizePayment: PaymentAuthorization;
  /**
   * Compensation of `authorizePayment`: voids whatever the key holds (found at every provider
   * when the outcome was never recorded) and refuses the key from then on, so a late or
   * in-flight authorization under it is voided as soon as it lands. Idempotent.
   */
  releasePayment: PaymentStatus;
  /** Releases an authorization; idempotent. False when the provider can no longer void it (captured). */
  voidAuthorization: Scalars['Boolean']['output'];
};


export type MutationAuthorizePaymentArgs = {
  input: AuthorizePaymentInput;
};


export type MutationReleasePaymentArgs = {
  input: ReleasePaymentInput;
};


export type MutationVoidAuthorizationArgs = {
  authorizationId: Scalars['String']['input'];
  provider: Scalars['String']['input'];
};

export type Order = {
  __typename?: 'Order';
  id: Scalars['ID']['output'];
  /** Null before the checkout reached payment, or for a caller who may not see it. */
  payment: Maybe<Payment>;
};

/** The payment of an order: visible to the order's customer and to staff with orders:read. */
export type Payment = {
  __typename?: 'Payment';
  amount: Money;
  /** Oldest first. */
  attempts: Array<PaymentAttempt>;
  /** Why a DECLINED or FAILED payment failed. */
  failureReason: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** The provider holding the authorization (payvia, acquira), once one does. */
  provider: Maybe<Scalars['String']['output']>;
  status: PaymentStatus;
  /** ISO 8601. */
  updatedAt: Scalars['String']['output'];
};

/** One call made at a payment provider for a payment. */
export type PaymentAttempt = {
  __typename?: 'PaymentAttempt';
  /** ISO 8601. */
  at: Scalars['String']['output'];
  /** The technical failure, e.g. TIMEOUT, UNAVAILABLE, CIRCUIT_OPEN. */
  code: Maybe<Scalars['String']['output']>;
  provider: Scalars['String']['output'];
  /** e.g. authorized, refused, failed, ambiguous, found, not_found, voided. */
  result: Scalars['String']['output'];
  /** authorize, lookup, recheck or void. */
  step: Scalars['String']['output'];
};

export type PaymentAuthorization = {
  __typename?: 'PaymentAuthorization';
  authorizationId: Maybe<Scalars['String']['output']>;
  outcome: AuthorizationOutcome;
  /** Set when AUTHORIZED. */
  provider: Maybe<Scalars['String']['output']>;
  /** Why DECLINED or UNAVAILABLE. */
  reason: Maybe<Scalars['String']['output']>;
};

export type PaymentStatus =
  /** The money is held at `provider`. */
  | 'AUTHORIZED'
  /** A call to a provider is in flight, or its result is not known yet. */
  | 'AUTHORIZING'
  /** The money was taken. */
  | 'CAPTURED'
  /** The issuer refused (insufficient funds, declined): never retried at another provider. */
  | 'DECLINED'
  /** Every provider failed technically; no money is held. */
  | 'FAILED'
  /** The provider accepted it; the final state comes by webhook. */
  | 'PENDING'
  /** The authorization was released. */
  | 'VOIDED';

export type ReleasePaymentInput = {
  amount: Scalars['Int']['input'];
  currency: Scalars['String']['input'];
  customer: Scalars['String']['input'];
  idempotencyKey: Scalars['ID']['input'];
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
  AuthorizationOutcome: AuthorizationOutcome;
  AuthorizePaymentInput: AuthorizePaymentInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Order: ResolverTypeWrapper<Omit<Order, 'payment'> & { payment?: Maybe<ResolversTypes['Payment']> }>;
  Payment: ResolverTypeWrapper<PaymentRow>;
  PaymentAttempt: ResolverTypeWrapper<AttemptRow>;
  PaymentAuthorization: ResolverTypeWrapper<PaymentAuthorization>;
  PaymentStatus: PaymentStatus;
  ReleasePaymentInput: ReleasePaymentInput;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AuthorizePaymentInput: AuthorizePaymentInput;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  Order: Omit<Order, 'payment'> & { payment?: Maybe<ResolversParentTypes['Payment']> } | FederationReferenceTypes['Order'];
  Payment: PaymentRow;
  PaymentAttempt: AttemptRow;
  PaymentAuthorization: PaymentAuthorization;
  ReleasePaymentInput: ReleasePaymentInput;
}>;

export type MoneyResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  authorizePayment?: Resolver<ResolversTypes['PaymentAuthorization'], ParentType, ContextType, RequireFields<MutationAuthorizePaymentArgs, 'input'>>;
  releasePayment?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType, RequireFields<MutationReleasePaymentArgs, 'input'>>;
  voidAuthorization?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationVoidAuthorizationArgs, 'authorizationId' | 'provider'>>;
}>;

export type OrderResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
}>;

export type PaymentResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  attempts?: Resolver<Array<ResolversTypes['PaymentAttempt']>, ParentType, ContextType>;
  failureReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type PaymentAttemptResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PaymentAttempt'] = ResolversParentTypes['PaymentAttempt']> = ResolversObject<{
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  code?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  provider?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  result?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  step?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type PaymentAuthorizationResolvers<ContextType = PaymentsContext, ParentType extends ResolversParentTypes['PaymentAuthorization'] = ResolversParentTypes['PaymentAuthorization']> = ResolversObject<{
  authorizationId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['AuthorizationOutcome'], ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = PaymentsContext> = ResolversObject<{
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentAttempt?: PaymentAttemptResolvers<ContextType>;
  PaymentAuthorization?: PaymentAuthorizationResolvers<ContextType>;
}>;

