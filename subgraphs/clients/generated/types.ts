import type { GraphQLResolveInfo } from 'graphql';
import type { ApiClient as ApiClientModel, ApiKey as ApiKeyModel, ApiKeyGrant as ApiKeyGrantModel } from '../clientStore.js';
import type { ClientsContext } from '../context.js';
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

/**
 * A storefront, partner or mobile app calling the API: requests name it by key (`X-Api-Key`),
 * and the gateway applies its rate limits (docs/edge.md).
 */
export type ApiClient = {
  __typename?: 'ApiClient';
  /** Estimated demand-control cost per minute (`@cost`/`@listSize`), across the gateway's replicas. */
  costPerMinute: Scalars['Int']['output'];
  /** ISO 8601. */
  createdAt: Scalars['String']['output'];
  /** Its keys are refused while disabled. */
  disabled: Scalars['Boolean']['output'];
  /** How many trusted documents it registered (`npm run client -- documents`). */
  documentCount: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** Newest first; the keys themselves are shown only when issued. */
  keys: Array<ApiKey>;
  kind: ApiClientKind;
  name: Scalars['String']['output'];
  /** Requests per second, across the gateway's replicas. */
  requestsPerSecond: Scalars['Int']['output'];
  /** May send only registered documents, never operation text. */
  trustedOnly: Scalars['Boolean']['output'];
};

export type ApiClientKind =
  | 'INTERNAL'
  | 'MOBILE'
  | 'PARTNER'
  | 'STOREFRONT';

export type ApiKey = {
  __typename?: 'ApiKey';
  /** ISO 8601. */
  createdAt: Scalars['String']['output'];
  /** When a rotation's overlap ends it (ISO 8601); null while it has no end. */
  expiresAt: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Neither revoked nor past its expiry. */
  live: Scalars['Boolean']['output'];
  /** The key's first characters, to tell keys apart. */
  prefix: Scalars['String']['output'];
  revokedAt: Maybe<Scalars['String']['output']>;
};

/** What the gateway applies to the holder of a live key. */
export type ApiKeyGrant = {
  __typename?: 'ApiKeyGrant';
  clientId: Scalars['ID']['output'];
  costPerMinute: Scalars['Int']['output'];
  kind: ApiClientKind;
  requestsPerSecond: Scalars['Int']['output'];
  trustedOnly: Scalars['Boolean']['output'];
};

export type CreateApiClientInput = {
  costPerMinute: Scalars['Int']['input'];
  /** Lowercase letters, digits and dashes (e.g. `storefront-web`). */
  id: Scalars['ID']['input'];
  kind: ApiClientKind;
  name: Scalars['String']['input'];
  requestsPerSecond: Scalars['Int']['input'];
  trustedOnly?: InputMaybe<Scalars['Boolean']['input']>;
};

export type IssuedApiKey = {
  __typename?: 'IssuedApiKey';
  /** The key, shown this once (only its hash is stored). */
  apiKey: Scalars['String']['output'];
  client: ApiClient;
  key: ApiKey;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** A new client and its first key. */
  createApiClient: IssuedApiKey;
  /** Revokes one key at once. */
  revokeApiKey: ApiKey;
  /** A new key; the client's live keys stay valid for `overlapHours` (0..168) more, so it can switch without a gap. */
  rotateApiKey: IssuedApiKey;
  updateApiClient: ApiClient;
};


export type MutationCreateApiClientArgs = {
  input: CreateApiClientInput;
};


export type MutationRevokeApiKeyArgs = {
  keyId: Scalars['ID']['input'];
};


export type MutationRotateApiKeyArgs = {
  clientId: Scalars['ID']['input'];
  overlapHours?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationUpdateApiClientArgs = {
  input: UpdateApiClientInput;
};

export type Query = {
  __typename?: 'Query';
  /** Staff only (`clients:admin`). */
  apiClient: Maybe<ApiClient>;
  /** Staff only (`clients:admin`). */
  apiClients: Array<ApiClient>;
  /** The gateway's own lookup of a key by its SHA-256 (hex): not in the public API. */
  apiKeyGrant: Maybe<ApiKeyGrant>;
  /** The gateway's own lookup of a client's trusted document: not in the public API. */
  trustedDocument: Maybe<Scalars['String']['output']>;
};


export type QueryApiClientArgs = {
  id: Scalars['ID']['input'];
};


export type QueryApiKeyGrantArgs = {
  keyHash: Scalars['String']['input'];
};


export type QueryTrustedDocumentArgs = {
  clientId: Scalars['ID']['input'];
  documentId: Scalars['String']['input'];
};

export type UpdateApiClientInput = {
  costPerMinute?: InputMaybe<Scalars['Int']['input']>;
  disabled?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  requestsPerSecond?: InputMaybe<Scalars['Int']['input']>;
  trustedOnly?: InputMaybe<Scalars['Boolean']['input']>;
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
  ApiClient: ApiClient;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  ApiClient:
    ( { __typename: 'ApiClient' }
    & GraphQLRecursivePick<FederationTypes['ApiClient'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  ApiClient: ResolverTypeWrapper<ApiClientModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ApiClientKind: ApiClientKind;
  ApiKey: ResolverTypeWrapper<ApiKeyModel>;
  ApiKeyGrant: ResolverTypeWrapper<ApiKeyGrantModel>;
  CreateApiClientInput: CreateApiClientInput;
  IssuedApiKey: ResolverTypeWrapper<Omit<IssuedApiKey, 'client' | 'key'> & { client: ResolversTypes['ApiClient'], key: ResolversTypes['ApiKey'] }>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  UpdateApiClientInput: UpdateApiClientInput;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ApiClient: ApiClientModel;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  ID: Scalars['ID']['output'];
  ApiKey: ApiKeyModel;
  ApiKeyGrant: ApiKeyGrantModel;
  CreateApiClientInput: CreateApiClientInput;
  IssuedApiKey: Omit<IssuedApiKey, 'client' | 'key'> & { client: ResolversParentTypes['ApiClient'], key: ResolversParentTypes['ApiKey'] };
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
  UpdateApiClientInput: UpdateApiClientInput;
}>;

export type ApiClientResolvers<ContextType = ClientsContext, ParentType extends ResolversParentTypes['ApiClient'] = ResolversParentTypes['ApiClient'], FederationReferenceType extends FederationReferenceTypes['ApiClient'] = FederationReferenceTypes['ApiClient']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['ApiClient']> | FederationReferenceType, FederationReferenceType, ContextType>;
  costPerMinute?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  disabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  documentCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  keys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ApiClientKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requestsPerSecond?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trustedOnly?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ApiKeyResolvers<ContextType = ClientsContext, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  live?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ApiKeyGrantResolvers<ContextType = ClientsContext, ParentType extends ResolversParentTypes['ApiKeyGrant'] = ResolversParentTypes['ApiKeyGrant']> = ResolversObject<{
  clientId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  costPerMinute?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ApiClientKind'], ParentType, ContextType>;
  requestsPerSecond?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trustedOnly?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type IssuedApiKeyResolvers<ContextType = ClientsContext, ParentType extends ResolversParentTypes['IssuedApiKey'] = ResolversParentTypes['IssuedApiKey']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  client?: Resolver<ResolversTypes['ApiClient'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = ClientsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createApiClient?: Resolver<ResolversTypes['IssuedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiClientArgs, 'input'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'keyId'>>;
  rotateApiKey?: Resolver<ResolversTypes['IssuedApiKey'], ParentType, ContextType, RequireFields<MutationRotateApiKeyArgs, 'clientId' | 'overlapHours'>>;
  updateApiClient?: Resolver<ResolversTypes['ApiClient'], ParentType, ContextType, RequireFields<MutationUpdateApiClientArgs, 'input'>>;
}>;

export type QueryResolvers<ContextType = ClientsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  apiClient?: Resolver<Maybe<ResolversTypes['ApiClient']>, ParentType, ContextType, RequireFields<QueryApiClientArgs, 'id'>>;
  apiClients?: Resolver<Array<ResolversTypes['ApiClient']>, ParentType, ContextType>;
  apiKeyGrant?: Resolver<Maybe<ResolversTypes['ApiKeyGrant']>, ParentType, ContextType, RequireFields<QueryApiKeyGrantArgs, 'keyHash'>>;
  trustedDocument?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType, RequireFields<QueryTrustedDocumentArgs, 'clientId' | 'documentId'>>;
}>;

export type Resolvers<ContextType = ClientsContext> = ResolversObject<{
  ApiClient?: ApiClientResolvers<ContextType>;
  ApiKey?: ApiKeyResolvers<ContextType>;
  ApiKeyGrant?: ApiKeyGrantResolvers<ContextType>;
  IssuedApiKey?: IssuedApiKeyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
}>;

