import { describe, expect, it } from 'vitest';
import { ConfigError, gatewayAuthProblems, loadConfig } from './index.js';

describe('loadConfig', () => {
  it('gives defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ gatewayPort: 4000, subgraphPorts: { catalog: 4001, pricing: 4002, inventory: 4003, search: 4004 }, databaseUrl: undefined, elasticsearchUrl: undefined, elasticsearchIndex: 'products' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every bad variable in one ConfigError', () => {
    let error: unknown;
    try {
      loadConfig({ GATEWAY_PORT: 'eighty', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging', REDIS_URL: '::' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, code } = error as ConfigError;
    expect(code).toBe('CONFIG_INVALID');
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/GATEWAY_PORT.*integer/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must use postgres/);
    expect(problems.join('\n')).toMatch(/NODE_ENV/);
    expect(problems.join('\n')).toMatch(/REDIS_URL is not a valid URL/);
    expect(loadConfig({ REDIS_URL: 'redis-cluster://10.0.0.1:7000,10.0.0.2:7000' }).redisUrl).toBe('redis-cluster://10.0.0.1:7000,10.0.0.2:7000');
    expect(() => loadConfig({ REDIS_URL: 'redis-cluster://10.0.0.1' })).toThrow(/host:port/);
  });

  it('reads the search settings', () => {
    expect(loadConfig({ ELASTICSEARCH_URL: 'http://es:9200', ELASTICSEARCH_INDEX: 'shop', SEARCH_PORT: '5004' }))
      .toMatchObject({ elasticsearchUrl: 'http://es:9200', elasticsearchIndex: 'shop', subgraphPorts: { search: 5004 } });
    expect(() => loadConfig({ ELASTICSEARCH_URL: 'redis://x', ELASTICSEARCH_INDEX: 'Bad Name' })).toThrow(/ELASTICSEARCH_URL[\s\S]*ELASTICSEARCH_INDEX/);
  });

  it('reads the ranking variants file and the search log retention, with defaults', () => {
    expect(loadConfig({})).toMatchObject({ searchRankingPath: expect.stringMatching(/stack\/ranking\.json$/), searchLogRetentionDays: 90, subgraphPorts: { insights: 4011 } });
    expect(loadConfig({ SEARCH_RANKING_PATH: '/etc/shop/ranking.json', SEARCH_LOG_RETENTION_DAYS: '30' })).toMatchObject({ searchRankingPath: '/etc/shop/ranking.json', searchLogRetentionDays: 30 });
    expect(() => loadConfig({ SEARCH_LOG_RETENTION_DAYS: '1' })).toThrow(/SEARCH_LOG_RETENTION_DAYS/);
  });

  it('takes per-subgraph URL overrides', () => {
    expect(loadConfig({ SUBGRAPH_PRICING_URL: 'http://pricing:4002/graphql' }).subgraphUrls).toEqual({ pricing: ['http://pricing:4002/graphql'] });
    expect(loadConfig({ SUBGRAPH_PRICING_URL: 'http://pricing-1:4002/graphql, http://pricing-2:4002/graphql' }).subgraphUrls)
      .toEqual({ pricing: ['http://pricing-1:4002/graphql', 'http://pricing-2:4002/graphql'] });
    expect(() => loadConfig({ SUBGRAPH_PRICING_URL: 'http://pricing-1:4002/graphql,ftp://x' })).toThrow(/SUBGRAPH_PRICING_URL must use http/);
  });

  it('reads limits and auth settings, with defaults', () => {
    expect(loadConfig({}).limits).toEqual({ maxDepth: 10, maxAliases: 15, maxDirectives: 20, maxTokens: 2000, maxCost: 5000, defaultListSize: 10, maxBatchOperations: 10, maxSubscriptionsPerConnection: 50, costInResponse: false });
    const config = loadConfig({ MAX_QUERY_DEPTH: '7', MAX_QUERY_COST: '900', AUTH_JWKS_URL: 'https://id.example/.well-known/jwks.json', AUTH_ISSUER: 'https://id.example/' });
    expect(config.limits).toMatchObject({ maxDepth: 7, maxCost: 900 });
    expect(config.auth).toMatchObject({ jwksUrl: 'https://id.example/.well-known/jwks.json', issuer: 'https://id.example/', audience: 'commerce-supergraph', mutationsNeedCaller: true });
    expect(loadConfig({ AUTH_MUTATIONS_NEED_CALLER: 'off' }).auth.mutationsNeedCaller).toBe(false);
    expect(loadConfig({}).subgraphSigning).toBe(true);
    expect(loadConfig({ SUBGRAPH_SIGNING: 'off' }).subgraphSigning).toBe(false);
    expect(() => loadConfig({ SUBGRAPH_SIGNING: 'no' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUTH_MUTATIONS_NEED_CALLER: 'maybe' })).toThrow(ConfigError);
  });

  it('refuses short secrets without echoing them, and requires keys, issuer and audience in production', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ AUTH_SHARED_SECRET: 'hunter2', SUBGRAPH_SIGNING_KEY: 'short' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems).toEqual(['AUTH_SHARED_SECRET must be at least 32 characters long', 'SUBGRAPH_SIGNING_KEY must be at least 32 characters long']);
    expect(error?.message).not.toContain('hunter2');
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SUBGRAPH_SIGNING_KEY must be set in production/);
    const key = 'k'.repeat(32);
    const subgraph = loadConfig({ NODE_ENV: 'production', SUBGRAPH_SIGNING_KEY: key });
    expect(gatewayAuthProblems(subgraph, {})).toEqual([
      'AUTH_JWKS_URL or AUTH_SHARED_SECRET must be set in production', 'AUTH_ISSUER must be set in production', 'AUTH_AUDIENCE must be set in production',
    ]);
    const env = { NODE_ENV: 'production', AUTH_SHARED_SECRET: key, SUBGRAPH_SIGNING_KEY: key, AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' };
    expect(gatewayAuthProblems(loadConfig(env), env)).toEqual([]);
  });

  it('reads the event relay settings and rejects out-of-range ones', () => {
    expect(loadConfig({})).toMatchObject({ relayBatchSize: 1000, relayPollIntervalMs: 1000, eventsKeyPrefix: 'commerce:' });
    expect(loadConfig({ RELAY_BATCH_SIZE: '250', RELAY_POLL_INTERVAL_MS: '50', EVENTS_KEY_PREFIX: 'shop1:' }))
      .toMatchObject({ relayBatchSize: 250, relayPollIntervalMs: 50, eventsKeyPrefix: 'shop1:' });
    expect(() => loadConfig({ RELAY_BATCH_SIZE: '0' })).toThrow(/RELAY_BATCH_SIZE/);
  });

  it('reads subscription limits, with defaults, and refuses out-of-range values', () => {
    expect(loadConfig({}).subscriptions).toEqual({
      maxProductIds: 100, maxPerConnection: 50, maxBufferedBytes: 1024 * 1024, maxSelectionsPerConnection: 10, maxCostPerConnection: 5000, maxSelectionsPerProduct: 50,
    });
    expect(loadConfig({
      SUBSCRIPTION_MAX_PRODUCT_IDS: '5', MAX_SUBSCRIPTIONS_PER_CONNECTION: '2', SUBSCRIPTION_MAX_BUFFERED_BYTES: '65536',
      SUBSCRIPTION_MAX_SELECTIONS_PER_CONNECTION: '3', SUBSCRIPTION_MAX_COST_PER_CONNECTION: '900', SUBSCRIPTION_MAX_SELECTIONS_PER_PRODUCT: '7',
    }).subscriptions).toEqual({ maxProductIds: 5, maxPerConnection: 2, maxBufferedBytes: 65536, maxSelectionsPerConnection: 3, maxCostPerConnection: 900, maxSelectionsPerProduct: 7 });
    expect(() => loadConfig({ SUBSCRIPTION_MAX_PRODUCT_IDS: '0' })).toThrow(/SUBSCRIPTION_MAX_PRODUCT_IDS/);
  });

  it('reads the entity cache switches', () => {
    expect(loadConfig({})).toMatchObject({ entityCache: false, entityCacheTtlMs: 60_000, entityCacheDisabled: [] });
    expect(loadConfig({ ENTITY_CACHE: 'on', ENTITY_CACHE_TTL_MS: '5000', ENTITY_CACHE_DISABLED: 'pricing.Product, catalog.Query' }))
      .toMatchObject({ entityCache: true, entityCacheTtlMs: 5000, entityCacheDisabled: ['pricing.Product', 'catalog.Query'] });
    expect(() => loadConfig({ ENTITY_CACHE: 'maybe' })).toThrow(/ENTITY_CACHE/);
  });

  it('reads where the outbox relay runs', () => {
    expect(loadConfig({})).toMatchObject({ outboxRelay: 'in-process', relayPort: 4006 });
    expect(loadConfig({ OUTBOX_RELAY: 'separate', RELAY_PORT: '5006' })).toMatchObject({ outboxRelay: 'separate', relayPort: 5006 });
    expect(() => loadConfig({ OUTBOX_RELAY: 'elsewhere' })).toThrow(/OUTBOX_RELAY/);
  });
});
