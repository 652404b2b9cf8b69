import path from 'node:path';
import { fromRoot } from '../paths.js';
import { ConfigError } from './ConfigError.js';
import { EnvReader, type Env, type VariableRead } from './EnvReader.js';
import { readPaymentSettings, type PaymentProviderSettings } from './readPaymentSettings.js';
import { readShippingSettings, type CarrierSettings, type ShippingSettings } from './readShippingSettings.js';

import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, type SubgraphName } from './subgraphs.js';

export type Environment = 'development' | 'test' | 'production';

/** The validated, frozen configuration of every service. Only this module reads `process.env`. */
export interface Config {
  readonly environment: Environment;
  /** pino level. @default 'info' ('warn' under test) */
  readonly logLevel: string;
  /** Interface the HTTP servers bind to. @default '127.0.0.1' */
  readonly host: string;
  /** PostgreSQL URL; when unset, services run on embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** Redis URL; when unset, the in-process event bus is used. */
  readonly redisUrl: string | undefined;
  /** PGlite data directory for the embedded stack; `undefined` keeps data in memory. @default '.data/pglite' for `npm start` */
  readonly dataDir: string | undefined;
  readonly gatewayPort: number;
  readonly subgraphPorts: Readonly<Record<SubgraphName, number>>;
  /** Supergraph SDL file the gateway serves (absolute). @default `<project>/schema/supergraph.graphql` */
  readonly supergraphPath: string;
  /**
   * Per-subgraph URL overrides (`SUBGRAPH_<NAME>_URL`, comma-separated for replicas: the
   * gateway balances over them); others come from the supergraph file.
   */
  readonly subgraphUrls: Readonly<Partial<Record<SubgraphName, readonly string[]>>>;
  /** Largest HTTP request body accepted, in bytes. @default 1 MiB */
  readonly maxBodyBytes: number;
  /** Caller authentication at the gateway (`AUTH_*`). */
  readonly auth: AuthConfig;
  /**
   * HMAC-SHA256 key the gateway signs forwarded identities with and subgraphs verify
   * (`SUBGRAPH_SIGNING_KEY`, at least 32 characters). Required in production; elsewhere
   * `undefined` means a random key is generated at start-up.
   */
  readonly subgraphSigningKey: string | undefined;
  /**
   * The gateway signs its subgraph calls (`SUBGRAPH_SIGNING=on|off`): our subgraphs refuse
   * unsigned ones. Off for a gateway serving another supergraph, whose subgraphs know no such
   * signature. @default on
   */
  readonly subgraphSigning: boolean;
  /** How old a signed gateway → subgraph call may be, in seconds (bounds replay). @default 30 */
  readonly subgraphSignatureMaxAgeSeconds: number;
  /** Query limits enforced at the gateway before any subgraph is called. */
  readonly limits: LimitsConfig;
  /** OTLP/HTTP collector (`OTEL_EXPORTER_OTLP_ENDPOINT`, e.g. http://collector:4318); traces are exported only when set. */
  readonly otlpEndpoint: string | undefined;
  /** Carrier APIs (base URLs, credentials) the shipping subgraph quotes from. */
  readonly carriers: CarrierSettings;
  /** Deadlines, timeouts and cache of the shipping subgraph. */
  readonly shipping: ShippingSettings;
  /** The payment providers (URLs, credentials, webhook keys) the payments subgraph authorizes at. */
  readonly payments: PaymentProviderSettings;
  /** Outbox rows the event relay claims per transaction (`RELAY_BATCH_SIZE`). @default 1000 */
  readonly relayBatchSize: number;
  /** Relay poll interval when no NOTIFY arrives, in ms (`RELAY_POLL_INTERVAL_MS`). @default 1000 */
  readonly relayPollIntervalMs: number;
  /**
   * How long an orders process holds a checkout saga it runs (renewed at every step); after
   * a crash, another process (or the restarted one) resumes the saga once it ran out. @default 30000
   */
  readonly checkoutSagaLeaseMs: number;
  /**
   * Where a store subgraph's outbox is relayed (`OUTBOX_RELAY`): `in-process` (each store
   * subgraph with `REDIS_URL` relays its own schema) or `separate` (a relay process,
   * `relay/main.ts`, relays every store schema; the subgraphs do not). @default 'in-process'
   */
  readonly outboxRelay: 'in-process' | 'separate';
  /** Port of the relay process's `/healthz`, `/readyz` and `/metrics` (`RELAY_PORT`). @default 4006 */
  readonly relayPort: number;
  /** Prefix of every Redis key and channel the change events use (`EVENTS_KEY_PREFIX`). @default 'commerce:' */
  readonly eventsKeyPrefix: string;
  /**
   * Months of events the event store keeps before the current one (`EVENT_STORE_RETENTION_MONTHS`);
   * older monthly partitions are detached. 0 keeps every event. @default 0
   */
  readonly eventStoreRetentionMonths: number;
  /** Partner webhooks (the webhooks subgraph; docs/webhooks.md). */
  readonly webhooks: WebhookSettings;
  /** Limits of the gateway's graphql-ws subscriptions. */
  readonly subscriptions: SubscriptionLimits;
  /** Gateway entity cache (`ENTITY_CACHE=on`): in process, and in Redis when `REDIS_URL` is set. @default false */
  readonly entityCache: boolean;
  /** Backstop lifetime of a cached answer when no change event drops it (`ENTITY_CACHE_TTL_MS`). @default 60000 */
  readonly entityCacheTtlMs: number;
  /** `<subgraph>.<Type>` never cached (`ENTITY_CACHE_DISABLED=pricing.Product,catalog.Query`). @default [] */
  readonly entityCacheDisabled: readonly string[];
  /** Every gateway request must name its API client by key (`API_KEY_REQUIRED=on`; docs/edge.md). @default false */
  readonly apiKeyRequired: boolean;
  /** Origins browsers may call the gateway from (`CORS_ORIGINS`, comma-separated; `*`: any). @default any outside production, none in production */
  readonly corsOrigins: readonly string[];
  /** How long the gateway reuses a key's lookup (`API_KEY_CACHE_SECONDS`): revocations and limit changes apply within it. @default 10 */
  readonly apiKeyCacheSeconds: number;
  /** Elasticsearch URL; when set, search uses Elasticsearch instead of the embedded index. */
  readonly elasticsearchUrl: string | undefined;
  /** Alias the Elasticsearch adapter serves; versions are `<alias>_v<timestamp>`. @default 'products' */
  readonly elasticsearchIndex: string;
  /** Embedded search index snapshot file; unset keeps it in memory. @default '.data/search/index.json' for `npm start` */
  readonly searchSnapshotPath: string | undefined;
  /**
   * Search synonym rules, Solr format (`a, b, c` equivalent; `a => b` one way), read by both search
   * adapters (absolute). @default `<project>/stack/synonyms.txt`, the sample store's list
   */
  readonly searchSynonymsPath: string;
  /**
   * Ranking variants and A/B experiments of rankers, JSON (docs/search.md), read by the search
   * subgraph and the relevance bench (absolute). @default `<project>/stack/ranking.json`
   */
  readonly searchRankingPath: string;
  /**
   * Days the insights subgraph keeps searches and clicks row by row (`SEARCH_LOG_RETENTION_DAYS`):
   * older searches take no more clicks and their aggregates are final. The daily aggregates stay.
   * @default 90
   */
  readonly searchLogRetentionDays: number;
  /** The offline GraphiQL at `/graphiql` (`GRAPHIQL=on|off`). @default on, off in production */
  readonly graphiql: boolean;
}

/** How the gateway verifies bearer tokens. */
export interface AuthConfig {
  /** JWKS URL of the identity provider (`AUTH_JWKS_URL`); keys are fetched, cached and refreshed on rotation. */
  readonly jwksUrl: string | undefined;
  /** Shared HS256 secret for local use (`AUTH_SHARED_SECRET`, at least 32 characters). */
  readonly sharedSecret: string | undefined;
  /** Expected `iss` (`AUTH_ISSUER`). Required in production. @default 'commerce-supergraph-dev' */
  readonly issuer: string;
  /** Expected `aud` (`AUTH_AUDIENCE`). Required in production. @default 'commerce-supergraph' */
  readonly audience: string;
  /** Allowed clock skew for `exp`/`nbf`, in seconds (`AUTH_CLOCK_TOLERANCE_SECONDS`). @default 5 */
  readonly clockToleranceSeconds: number;
  /**
   * Every mutation field without a declared requirement needs an authenticated caller
   * (`AUTH_MUTATIONS_NEED_CALLER=on|off`): this store's policy. Off for a gateway serving another
   * supergraph, which then follows only the `@authenticated`/`@requiresScopes` in it. @default on
   */
  readonly mutationsNeedCaller: boolean;
}

/** Query limits; see docs/security.md for why these defaults. */
export interface LimitsConfig {
  /** `MAX_QUERY_DEPTH`. @default 10 */
  readonly maxDepth: number;
  /** `MAX_QUERY_ALIASES`. @default 15 */
  readonly maxAliases: number;
  /** `MAX_QUERY_DIRECTIVES`. @default 20 */
  readonly maxDirectives: number;
  /** `MAX_QUERY_TOKENS`: the parser stops after this many tokens. @default 2000 */
  readonly maxTokens: number;
  /** `MAX_QUERY_COST`: the estimated cost an operation may have, by the supergraph's `@cost`/`@listSize` (docs/security.md). @default 5000 */
  readonly maxCost: number;
  /** `QUERY_COST_LIST_SIZE`: assumed size of a list that no `@listSize` sizes. @default 10 */
  readonly defaultListSize: number;
  /** `MAX_BATCH_OPERATIONS`: operations in one batched HTTP request (1 disables batching). @default 10 */
  readonly maxBatchOperations: number;
  /** `MAX_SUBSCRIPTIONS_PER_CONNECTION`: active subscriptions on one graphql-ws connection. @default 50 */
  readonly maxSubscriptionsPerConnection: number;
  /** `QUERY_COST_IN_RESPONSE=on|off`: answers carry `extensions.cost: { estimated, actual, max }`. @default off */
  readonly costInResponse: boolean;
}

/** The limits used when nothing is configured. */
export const DEFAULT_LIMITS: LimitsConfig = Object.freeze({
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
  maxCost: 5000,
  defaultListSize: 10,
  maxBatchOperations: 10,
  maxSubscriptionsPerConnection: 50,
  costInResponse: false,
});

/** How partner webhooks are sent. */
export interface WebhookSettings {
  /** Retries stop this long after the event, then the delivery is dead (`WEBHOOK_RETRY_HORIZON_SECONDS`). @default 86400 */
  readonly retryHorizonSeconds: number;
  /** Requests in flight to one endpoint at most (`WEBHOOK_CONCURRENCY_PER_ENDPOINT`). @default 4 */
  readonly concurrencyPerEndpoint: number;
  /** Connect, headers and body timeout each (`WEBHOOK_TIMEOUT_MS`). @default 10000 */
  readonly timeoutMs: number;
  /** Loopback endpoints allowed (`WEBHOOK_ALLOW_LOOPBACK=on`): development and tests only, refused in production. @default false */
  readonly allowLoopback: boolean;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = Object.freeze({ retryHorizonSeconds: 86_400, concurrencyPerEndpoint: 4, timeoutMs: 10_000, allowLoopback: false });

/** Limits of the gateway's graphql-ws subscriptions. */
export interface SubscriptionLimits {
  /** Most product ids one subscription may name (`SUBSCRIPTION_MAX_PRODUCT_IDS`). @default 100 */
  readonly maxProductIds: number;
  /** Most active subscriptions on one connection (`SUBSCRIPTIONS_PER_CONNECTION`). @default 50 (`MAX_SUBSCRIPTIONS_PER_CONNECTION`, the query limit of the same name) */
  readonly maxPerConnection: number;
  /** Bytes one connection may have waiting to be sent before it is closed as a slow consumer (`SUBSCRIPTION_MAX_BUFFERED_BYTES`). @default 1 MiB */
  readonly maxBufferedBytes: number;
  /** Distinct selections one connection may hold, each a federated fetch per event (`SUBSCRIPTION_MAX_SELECTIONS_PER_CONNECTION`). @default 10 */
  readonly maxSelectionsPerConnection: number;
  /** Summed query cost of one connection's distinct selections (`SUBSCRIPTION_MAX_COST_PER_CONNECTION`). @default 5000 (`MAX_QUERY_COST`'s default) */
  readonly maxCostPerConnection: number;
  /** Distinct selections (and callers) subscribed to one product, bounding the fetches of one event (`SUBSCRIPTION_MAX_SELECTIONS_PER_PRODUCT`). @default 50 */
  readonly maxSelectionsPerProduct: number;
}

/** The defaults of {@link SubscriptionLimits}. */
export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = Object.freeze({
  maxProductIds: 100, maxPerConnection: DEFAULT_LIMITS.maxSubscriptionsPerConnection, maxBufferedBytes: 1024 * 1024,
  maxSelectionsPerConnection: 10, maxCostPerConnection: DEFAULT_LIMITS.maxCost, maxSelectionsPerProduct: 50,
});

/** What the gateway additionally needs in production: a way to verify tokens, and explicit issuer and audience. */
export function gatewayAuthProblems(config: Config, env: Env = process.env): string[] {
  if (config.environment !== 'production') return [];
  const problems: string[] = [];
  if (!config.auth.jwksUrl && !config.auth.sharedSecret) problems.push('AUTH_JWKS_URL or AUTH_SHARED_SECRET must be set in production');
  if (!env.AUTH_ISSUER?.trim()) problems.push('AUTH_ISSUER must be set in production');
  if (!env.AUTH_AUDIENCE?.trim()) problems.push('AUTH_AUDIENCE must be set in production');
  return problems;
}


/**
 * Parses and validates the environment once. Collects every problem and throws one
 * {@link ConfigError} naming each bad variable.
 */
export function loadConfig(env: Env = process.env, defaults: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const config = readConfig(new EnvReader(env, problems), defaults);
  if (config.environment === 'production' && config.webhooks.allowLoopback) problems.push('WEBHOOK_ALLOW_LOOPBACK is for development and tests; production sends webhooks to public addresses only');
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Every variable the configuration reads, with its kind and default, in reading order (docs/configuration.md is generated from it). */
export function configVariables(): VariableRead[] {
  const read = new EnvReader({}, []);
  readConfig(read, {});
  return [...read.variables.values()];
}

/** Reads every variable through `read` (which collects the problems). */
function readConfig(read: EnvReader, defaults: Partial<Config>): Config {

  const environment = read.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, defaults.environment ?? 'development');
  const subgraphPorts = {} as Record<SubgraphName, number>;
  const subgraphUrls: Partial<Record<SubgraphName, readonly string[]>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const upper = name.toUpperCase();
    subgraphPorts[name] = read.port(`${upper}_PORT`, defaults.subgraphPorts?.[name] ?? DEFAULT_SUBGRAPH_PORTS[name]);
    const urls = read.urls(`SUBGRAPH_${upper}_URL`, ['http:', 'https:']);
    if (urls) subgraphUrls[name] = urls;
  }

  const limits: LimitsConfig = {
    maxDepth: read.integer('MAX_QUERY_DEPTH', DEFAULT_LIMITS.maxDepth, 1, 1000),
    maxAliases: read.integer('MAX_QUERY_ALIASES', DEFAULT_LIMITS.maxAliases, 0, 100_000),
    maxDirectives: read.integer('MAX_QUERY_DIRECTIVES', DEFAULT_LIMITS.maxDirectives, 0, 100_000),
    maxTokens: read.integer('MAX_QUERY_TOKENS', DEFAULT_LIMITS.maxTokens, 100, 1_000_000),
    maxCost: read.integer('MAX_QUERY_COST', DEFAULT_LIMITS.maxCost, 1, 100_000_000),
    defaultListSize: read.integer('QUERY_COST_LIST_SIZE', DEFAULT_LIMITS.defaultListSize, 1, 10_000),
    maxBatchOperations: read.integer('MAX_BATCH_OPERATIONS', DEFAULT_LIMITS.maxBatchOperations, 1, 1000),
    maxSubscriptionsPerConnection: read.integer('MAX_SUBSCRIPTIONS_PER_CONNECTION', DEFAULT_LIMITS.maxSubscriptionsPerConnection, 1, 100_000),
    costInResponse: read.oneOf('QUERY_COST_IN_RESPONSE', ['on', 'off'] as const, 'off') === 'on',
  };
  const config: Config = {
    environment,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      (defaults.logLevel as 'info' | undefined) ?? (environment === 'test' ? 'warn' : 'info')),
    host: read.string('HOST', defaults.host ?? '127.0.0.1'),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']) ?? defaults.databaseUrl,
    redisUrl: read.redisUrl('REDIS_URL') ?? defaults.redisUrl,
    dataDir: read.optional('PGLITE_DATA_DIR') ?? defaults.dataDir,
    gatewayPort: read.port('GATEWAY_PORT', defaults.gatewayPort ?? 4000),
    subgraphPorts,
    supergraphPath: path.resolve(read.string('SUPERGRAPH_PATH', defaults.supergraphPath ?? fromRoot('schema', 'supergraph.graphql'))),
    subgraphUrls,
    maxBodyBytes: read.integer('MAX_BODY_BYTES', defaults.maxBodyBytes ?? 1024 * 1024, 1024, 512 * 1024 * 1024),
    auth: {
      jwksUrl: read.url('AUTH_JWKS_URL', ['http:', 'https:']),
      sharedSecret: read.secret('AUTH_SHARED_SECRET'),
      issuer: read.string('AUTH_ISSUER', 'commerce-supergraph-dev'),
      audience: read.string('AUTH_AUDIENCE', 'commerce-supergraph'),
      clockToleranceSeconds: read.integer('AUTH_CLOCK_TOLERANCE_SECONDS', 5, 0, 300),
      mutationsNeedCaller: read.oneOf('AUTH_MUTATIONS_NEED_CALLER', ['on', 'off'] as const, 'on') === 'on',
    },
    subgraphSigningKey: read.secret('SUBGRAPH_SIGNING_KEY'),
    subgraphSigning: read.oneOf('SUBGRAPH_SIGNING', ['on', 'off'] as const, 'on') === 'on',
    subgraphSignatureMaxAgeSeconds: read.integer('SUBGRAPH_SIGNATURE_MAX_AGE_SECONDS', 30, 1, 3600),
    limits,
    otlpEndpoint: read.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    ...readShippingSettings(read),
    ...readPaymentSettings(read),
    relayBatchSize: read.integer('RELAY_BATCH_SIZE', defaults.relayBatchSize ?? 1000, 1, 100_000),
    relayPollIntervalMs: read.integer('RELAY_POLL_INTERVAL_MS', defaults.relayPollIntervalMs ?? 1000, 10, 600_000),
    checkoutSagaLeaseMs: read.integer('CHECKOUT_SAGA_LEASE_MS', 30_000, 1_000, 3600_000),
    outboxRelay: read.oneOf('OUTBOX_RELAY', ['in-process', 'separate'] as const, 'in-process'),
    relayPort: read.port('RELAY_PORT', 4006),
    eventsKeyPrefix: read.string('EVENTS_KEY_PREFIX', defaults.eventsKeyPrefix ?? 'commerce:'),
    eventStoreRetentionMonths: read.integer('EVENT_STORE_RETENTION_MONTHS', defaults.eventStoreRetentionMonths ?? 0, 0, 1200),
    webhooks: Object.freeze({
      retryHorizonSeconds: read.integer('WEBHOOK_RETRY_HORIZON_SECONDS', DEFAULT_WEBHOOK_SETTINGS.retryHorizonSeconds, 60, 30 * 86_400),
      concurrencyPerEndpoint: read.integer('WEBHOOK_CONCURRENCY_PER_ENDPOINT', DEFAULT_WEBHOOK_SETTINGS.concurrencyPerEndpoint, 1, 100),
      timeoutMs: read.integer('WEBHOOK_TIMEOUT_MS', DEFAULT_WEBHOOK_SETTINGS.timeoutMs, 100, 120_000),
      allowLoopback: read.oneOf('WEBHOOK_ALLOW_LOOPBACK', ['on', 'off'] as const, 'off') === 'on',
    }),
    subscriptions: Object.freeze({
      maxProductIds: read.integer('SUBSCRIPTION_MAX_PRODUCT_IDS', defaults.subscriptions?.maxProductIds ?? DEFAULT_SUBSCRIPTION_LIMITS.maxProductIds, 1, 100_000),
      maxPerConnection: limits.maxSubscriptionsPerConnection,
      maxBufferedBytes: read.integer('SUBSCRIPTION_MAX_BUFFERED_BYTES', defaults.subscriptions?.maxBufferedBytes ?? DEFAULT_SUBSCRIPTION_LIMITS.maxBufferedBytes, 1024, 1024 * 1024 * 1024),
      maxSelectionsPerConnection: read.integer('SUBSCRIPTION_MAX_SELECTIONS_PER_CONNECTION', DEFAULT_SUBSCRIPTION_LIMITS.maxSelectionsPerConnection, 1, 10_000),
      maxCostPerConnection: read.integer('SUBSCRIPTION_MAX_COST_PER_CONNECTION', DEFAULT_SUBSCRIPTION_LIMITS.maxCostPerConnection, 1, 100_000_000),
      maxSelectionsPerProduct: read.integer('SUBSCRIPTION_MAX_SELECTIONS_PER_PRODUCT', DEFAULT_SUBSCRIPTION_LIMITS.maxSelectionsPerProduct, 1, 100_000),
    }),
    entityCache: read.oneOf('ENTITY_CACHE', ['on', 'off'] as const, defaults.entityCache ? 'on' : 'off') === 'on',
    entityCacheTtlMs: read.integer('ENTITY_CACHE_TTL_MS', defaults.entityCacheTtlMs ?? 60_000, 1000, 24 * 3600 * 1000),
    entityCacheDisabled: (read.optional('ENTITY_CACHE_DISABLED') ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    apiKeyRequired: read.oneOf('API_KEY_REQUIRED', ['on', 'off'] as const, 'off') === 'on',
    corsOrigins: (read.optional('CORS_ORIGINS') ?? (environment === 'production' ? '' : '*')).split(',').map((o) => o.trim()).filter(Boolean),
    apiKeyCacheSeconds: read.integer('API_KEY_CACHE_SECONDS', 10, 1, 3600),
    elasticsearchUrl: read.url('ELASTICSEARCH_URL', ['http:', 'https:']) ?? defaults.elasticsearchUrl,
    elasticsearchIndex: read.string('ELASTICSEARCH_INDEX', defaults.elasticsearchIndex ?? 'products'),
    searchSnapshotPath: read.optional('SEARCH_SNAPSHOT_PATH') ?? defaults.searchSnapshotPath,
    searchSynonymsPath: path.resolve(read.string('SEARCH_SYNONYMS_PATH', defaults.searchSynonymsPath ?? fromRoot('stack', 'synonyms.txt'))),
    searchLogRetentionDays: read.integer('SEARCH_LOG_RETENTION_DAYS', defaults.searchLogRetentionDays ?? 90, 2, 3660),
    searchRankingPath: path.resolve(read.string('SEARCH_RANKING_PATH', defaults.searchRankingPath ?? fromRoot('stack', 'ranking.json'))),
    graphiql: read.oneOf('GRAPHIQL', ['on', 'off'] as const, environment === 'production' ? 'off' : 'on') === 'on',
  };
  // Every service needs the signing key; what only the gateway needs is checked by gatewayAuthProblems.
  if (environment === 'production' && !config.subgraphSigningKey) read.problem('SUBGRAPH_SIGNING_KEY must be set in production');
  if (!/^[a-z0-9][a-z0-9_-]{0,100}$/.test(config.elasticsearchIndex)) read.problem('ELASTICSEARCH_INDEX must be a lower-case index name');
  return config;
}
