import type { IncomingMessage } from 'node:http';
import { ApolloGateway, type GraphQLDataSource, type SupergraphManager } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { getOperationAST, GraphQLError, isInterfaceType, type GraphQLSchema } from 'graphql';
import { API_KEY_HEADER, identityOf, type Authenticator } from '../lib/auth/index.js';
import { createSubgraphClient, type SubgraphClient } from '../lib/subgraph/index.js';
import type { Environment, LimitsConfig, SubscriptionLimits } from '../lib/config/index.js';
import type { EventBus } from '../lib/events/index.js';
import { createFormatError } from '../lib/errors/index.js';
import { healthRoutes, type ReadinessCheck } from '../lib/health/index.js';
import { startGraphQLHttpServer, type RunningServer } from '../lib/http/index.js';
import { createOperationLimits, EMPTY_COST_MODEL, limitsPlugin, readCostModel } from '../lib/limits/index.js';
import { textInputPlugin } from '../lib/validation/index.js';
import type { Logger } from '../lib/logging/index.js';
import { supergraphHashPlugin } from './supergraphHashPlugin.js';
import { createMetrics, instrumentHttpServer, metricsPlugin, type Metrics } from '../lib/metrics/index.js';
import { authorizingGateway, instrumentQueryPlanCache, type AuthorizingGateway } from './authorizingGateway.js';
import { acceptEnforcedSecurityInSupergraph } from './enforcedSecuritySupergraph.js';
import { interfaceObjectReferences } from './interfaceObjectReferences.js';
import { apiKeyOfConnection, createGatewayContext, identityFromConnectionParams, type GatewayContext } from './GatewayContext.js';
import { createSignedDataSource } from './signedDataSource.js';
import { attachSubscriptionServer, createHttpSubscriptionStreams, subscriptionsOverHttpPlugin, type OnConnect, type SubscriptionServer } from './subscriptions/index.js';
import { cachingDataSource, responseCachePlugin, type EntityCache } from './entityCache/index.js';
import { graphiqlRoutes } from './graphiql/graphiqlRoutes.js';
import { createDeferredResponses } from './defer/index.js';
import { installCompiledResultShaping } from './planExecution/index.js';
import { closingPlannerGaps } from './planning/index.js';
import {
  cachedClientKeys, cachedTrustedDocuments, createClientRateLimiter, createEdge, documentLookupFromSubgraph, keyLookupFromSubgraph, type ClientRateLimiter,
} from './edge/index.js';

/** Who the gateway is when it looks API keys up in the clients subgraph. */
const GATEWAY_SERVICE_IDENTITY = identityOf('service:gateway', [], ['clients:lookup']);

/** The edge's settings (docs/edge.md): API clients by key, and their rate limits. */
export interface EdgeSettings {
  /** Every request must send a client key (`API_KEY_REQUIRED`). @default false */
  readonly requireKey?: boolean;
  /** How long a key's lookup is reused (`API_KEY_CACHE_SECONDS`). @default 10 */
  readonly keyCacheSeconds?: number;
  /** Counts requests and cost per client; shared by replicas when on Redis. @default one in memory */
  readonly limiter?: ClientRateLimiter;
  /** Origins browsers may call from (`CORS_ORIGINS`; `*`: any). @default none (same origin only) */
  readonly corsOrigins?: readonly string[];
}

/** Options for {@link startGateway}. */
export interface GatewayOptions {
  /**
   * The composed supergraph SDL (`schema/supergraph.graphql`), or a manager that hot-reloads
   * it (`createFileSupergraphSource`); no introspection at run time.
   */
  readonly supergraphSdl: string | SupergraphManager;
  /** Per-subgraph URL overrides; a subgraph not named here uses the URL in the supergraph. */
  /** Per subgraph, its URL or its replicas' URLs (balanced); default: the supergraph's. */
  readonly subgraphUrls?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly port: number;
  readonly host?: string;
  readonly maxBodyBytes?: number;
  readonly environment: Environment;
  readonly logger: Logger;
  /** Verifies bearer tokens (HTTP here; graphql-ws `connection_init` uses {@link GatewayServer.authenticator}). */
  readonly authenticator: Authenticator;
  /** The key subgraph requests are signed with (`SUBGRAPH_SIGNING_KEY`). */
  readonly signingKey: string;
  /** Depth, aliases, directives, tokens, cost and batch limits. */
  readonly limits: LimitsConfig;
  /** Mutations without a declared requirement need an authenticated caller (`AUTH_MUTATIONS_NEED_CALLER`). @default true */
  readonly mutationsNeedCaller?: boolean;
  /** Subgraph calls carry the signed caller (`SUBGRAPH_SIGNING`); off for another supergraph's subgraphs. @default true */
  readonly signSubgraphCalls?: boolean;
  /** What `/readyz` checks besides the supergraph being loaded (the store, Redis). */
  readonly readiness?: readonly ReadinessCheck[];
  /** The registry `/metrics` serves; other gateway modules register their metrics in it. Created when omitted. */
  readonly metrics?: Metrics;
  /** When given, subscriptions are served over graphql-ws on the same port and path, fed by this bus. */
  readonly eventBus?: EventBus;
  /** Subscription limits. @default DEFAULT_SUBSCRIPTION_LIMITS */
  readonly subscriptionLimits?: SubscriptionLimits;
  /** Checks a graphql-ws connection_init payload (e.g. its token); @default the bearer token in the payload, checked like HTTP's Authorization header */
  readonly onSubscriptionConnect?: OnConnect;
  /** Builds each subgraph's data source (e.g. `createUndiciDataSource`). @default {@link createSignedDataSource} (undici, signed, timed) */
  readonly dataSource?: (subgraph: { readonly name: string; readonly url: string | readonly string[] }) => GraphQLDataSource;
  /** Caches subgraph answers, invalidated by change events (gateway/entityCache). Off when absent. */
  readonly entityCache?: EntityCache;
  /** Serves the offline GraphiQL at `/graphiql` (`GRAPHIQL`; off in production unless enabled). @default false */
  readonly graphiql?: boolean;
  /** API clients by key and their rate limits; keys are looked up in the supergraph's `clients` subgraph. */
  readonly edge?: EdgeSettings;
  /** More Apollo Server plugins, after the built-in ones. */
  readonly plugins?: readonly ApolloServerPlugin<BaseContext>[];
  /**
   * Shape responses with a shaper compiled once per operation (gateway/planExecution); it
   * answers exactly as @apollo/gateway's own. Process-wide: once installed it stays.
   * @default true
   */
  readonly compiledResultShaping?: boolean;
}

/** A running gateway and what other gateway modules (subscriptions) share with it. */
export interface GatewayServer extends RunningServer {
  readonly metrics: Metrics;
  readonly authenticator: Authenticator;
  /** Authorization of the loaded supergraph, for operations that do not go through Apollo Server. */
  readonly gateway: AuthorizingGateway;
  /** Set when an `eventBus` was given. */
  readonly subscriptions?: SubscriptionServer;
}

/** The federated gateway: @apollo/gateway's planner on Apollo Server, with Apollo Sandbox on its landing page. */
export async function startGateway(options: GatewayOptions): Promise<GatewayServer> {
  const logger = options.logger.child({ component: 'gateway' });
  if ((options.compiledResultShaping ?? true) && !installCompiledResultShaping()) {
    logger.warn('compiled result shaping not installed: this @apollo/gateway has not the seams it expects; shaping as the gateway does');
  }
  const metrics = options.metrics ?? createMetrics({ service: 'gateway' });
  const sources: GraphQLDataSource[] = [];
  const urls = new Map<string, string | readonly string[]>();
  const apolloGateway = new ApolloGateway({
    supergraphSdl: acceptEnforcedSecurityInSupergraph(options.supergraphSdl),
    logger,
    buildService: ({ name, url: supergraphUrl }) => {
      const url = options.subgraphUrls?.[name] ?? supergraphUrl!;
      urls.set(name, url);
      const source = options.dataSource?.({ name, url }) ?? createSignedDataSource({ name, url, signingKey: (options.signSubgraphCalls ?? true) ? options.signingKey : undefined, metrics });
      sources.push(source);
      // Outside the cache, so an answer from it is checked too.
      return interfaceObjectReferences(options.entityCache ? cachingDataSource(source, name, options.entityCache) : source, isAbstract);
    },
  });
  instrumentQueryPlanCache(apolloGateway, metrics);
  const gateway = authorizingGateway(closingPlannerGaps(apolloGateway), { protectMutations: options.mutationsNeedCaller ?? true });
  // Interfaces of the loaded supergraph: an `_entities` reference typed as one is an @interfaceObject's.
  let interfaces = new Set<string>();
  const isAbstract = (typename: string) => interfaces.has(typename);
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    interfaces = new Set(Object.values(schema.getTypeMap()).filter((t) => isInterfaceType(t)).map((t) => t.name));
  });
  // The cost directives live in the supergraph; the API schema that operations run against has none.
  let costModel = EMPTY_COST_MODEL;
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => void (costModel = readCostModel(coreSupergraphSdl)));
  const costSource = { costModel: () => costModel };
  // The API schema in use (undefined until loaded): readiness, and subscriptions follow hot reloads.
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => void (apiSchema = schema));
  // The edge: keys and documents are looked up in the clients subgraph, once its URL is known from the supergraph.
  let clients: SubgraphClient | undefined;
  const clientsSubgraph = () => {
    const url = urls.get('clients');
    if (!url) throw new Error('the supergraph has no clients subgraph to look API keys up in');
    return (clients ??= createSubgraphClient({ name: 'clients', url, signingKey: options.signingKey, identity: GATEWAY_SERVICE_IDENTITY }));
  };
  const edge = createEdge({
    keys: cachedClientKeys((keyHash) => keyLookupFromSubgraph(clientsSubgraph())(keyHash), { ttlMs: (options.edge?.keyCacheSeconds ?? 10) * 1000 }),
    documents: cachedTrustedDocuments((clientId, documentId) => documentLookupFromSubgraph(clientsSubgraph())(clientId, documentId)),
    limiter: options.edge?.limiter ?? createClientRateLimiter(),
    requireKey: options.edge?.requireKey,
    metrics,
  });
  const context = createGatewayContext(options.authenticator, (req) => edge.admissionOf(req));
  const formatError = createFormatError(logger);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Sandbox needs introspection; production clients do not, and it maps the attack surface.
    introspection: options.environment !== 'production',
    // …and "Did you mean …?" suggestions would map it field by field.
    hideSchemaDetailsFromClientErrors: options.environment === 'production',
    parseOptions: { maxTokens: options.limits.maxTokens },
    allowBatchedHttpRequests: options.limits.maxBatchOperations > 1,
    // runMain owns SIGINT/SIGTERM: Apollo's own handler would re-raise the signal and kill the
    // process before the service's close() (e.g. the search snapshot) has run.
    stopOnTerminationSignals: false,
    plugins: [
      supergraphHashPlugin(),
      limitsPlugin(options.limits, {
        ...costSource, metrics, costInResponse: options.limits.costInResponse,
        onEstimated: (cost, ctx) => edge.charge((ctx as GatewayContext).edge, cost),
      }),
      edge.plugin,
      textInputPlugin(),
      metricsPlugin(metrics),
      subscriptionsOverHttpPlugin(),
      options.environment === 'production'
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
      ...(options.entityCache ? [responseCachePlugin(options.entityCache)] : []),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();
  const supergraphCheck: ReadinessCheck = { name: 'supergraph', check: async () => { if (!apiSchema) throw new Error('not loaded'); } };
  // Subscriptions over SSE and multipart HTTP, on the graphql-ws server's engine once it runs.
  let subscriptions: SubscriptionServer | undefined;
  const httpStreams = options.eventBus
    ? createHttpSubscriptionStreams({
        engine: () => subscriptions?.engine,
        authenticate: async (req) => (await context(req)).identity,
        charge: (req, cost) => edge.charge(edge.admissionOf(req), cost),
        formatError: (error) => formatError(error, error),
        logger, maxTokens: options.limits.maxTokens, maxBufferedBytes: options.subscriptionLimits?.maxBufferedBytes,
      })
    : undefined;
  // @defer: the operation runs in parts through this same server, as the request's caller.
  const operationLimits = createOperationLimits(options.limits, costSource);
  const contexts = new WeakMap<IncomingMessage, Promise<GatewayContext>>();
  const deferred = createDeferredResponses({
    maxTokens: options.limits.maxTokens,
    checkWhole: (document, operationName, variables) => {
      const operation = getOperationAST(document, operationName);
      if (!apiSchema || !operation) return undefined;
      const checked = operationLimits.check(apiSchema, document, operation, variables);
      return 'refusal' in checked ? checked.refusal : undefined;
    },
    run: async (req, operation) => {
      let contextValue: GatewayContext;
      try {
        if (!contexts.has(req)) contexts.set(req, context(req));
        contextValue = await contexts.get(req)!;
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return { status: (error.extensions.http as { status?: number } | undefined)?.status ?? 400, result: { errors: [formatError(error.toJSON(), error)] } };
      }
      const response = await apollo.executeOperation(operation, { contextValue });
      if (response.body.kind !== 'single') throw new Error('Incremental delivery is not used for the parts of a deferred operation');
      return { status: response.http.status ?? 200, result: response.body.singleResult };
    },
  });
  const running = await startGraphQLHttpServer({
    apollo,
    context,
    prepare: (req, body) => edge.prepare(req, body),
    corsOrigins: options.edge?.corsOrigins,
    intercept: async (req, res, body) => (httpStreams ? await httpStreams.handle(req, res, body) : false) || deferred.handle(req, res, body),
    logger,
    port: options.port,
    host: options.host,
    maxBodyBytes: options.maxBodyBytes,
    maxBatchOperations: options.limits.maxBatchOperations,
    routes: {
      ...healthRoutes([supergraphCheck, ...(options.readiness ?? [])]),
      '/metrics': (req, res) => metrics.handler(req, res),
      ...(options.graphiql ? graphiqlRoutes() : {}),
    },
  });
  subscriptions = options.eventBus
    ? await attachSubscriptionServer({
        httpServer: running.httpServer,
        path: new URL(running.url).pathname,
        bus: options.eventBus,
        schema: () => apiSchema!,
        cacheSettled: options.entityCache ? () => options.entityCache!.settled() : undefined,
        execute: async (query, variables, identity) => {
          // One fetch serves the subscribers of a group, who share their identity: it runs as them.
          const response = await apollo.executeOperation({ query, variables }, { contextValue: { identity, requestId: 'subscription' } });
          if (response.body.kind !== 'single') throw new Error('Incremental delivery is not used for subscription payloads');
          return response.body.singleResult;
        },
        formatError,
        logger,
        limits: options.subscriptionLimits,
        maxMessageBytes: options.maxBodyBytes,
        // A connection names its client like a request (X-Api-Key, in connection_init or the upgrade request) and counts as one.
        onConnect: options.onSubscriptionConnect ?? (async (ctx) => ({
          edge: await edge.admit({ [API_KEY_HEADER]: (apiKeyOfConnection(ctx.connectionParams) ?? ctx.request.headers[API_KEY_HEADER]) as string | undefined }),
          identity: await identityFromConnectionParams(options.authenticator, ctx.connectionParams, ctx.request.headers.authorization),
        })),
        charge: (client, cost) => edge.chargeSubscription(client, cost),
        production: options.environment === 'production',
        authorize: (document, operationName, identity) => gateway.authorizer().authorize(document, operationName, identity),
        operationLimits,
        maxTokens: options.limits.maxTokens,
      })
    : undefined;
  instrumentHttpServer(running.httpServer, metrics);
  if (subscriptions) {
    const gauge = metrics.gauge('gateway_subscriptions', 'Live graphql-ws subscriptions and the groups that share one fetch per event', ['kind']);
    const resolved = metrics.gauge('gateway_subscription_events', 'Events delivered to subscriptions and federated fetches they cost (cumulative)', ['kind']);
    metrics.onCollect(() => {
      const stats = subscriptions.hub.stats();
      gauge.set({ kind: 'subscriptions' }, stats.subscriptions);
      gauge.set({ kind: 'groups' }, stats.groups);
      resolved.set({ kind: 'events' }, stats.events);
      resolved.set({ kind: 'fetches' }, stats.fetches);
    });
  }
  return {
    ...running,
    metrics,
    authenticator: options.authenticator,
    gateway,
    subscriptions,
    close: async () => {
      await subscriptions?.close();
      await running.close();
      await Promise.all(sources.map((s) => (s as { close?: () => Promise<void> }).close?.()));
      await clients?.close();
    },
  };
}
