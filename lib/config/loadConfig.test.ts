import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

describe('loadConfig', () => {
  it('gives defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ gatewayPort: 4000, subgraphPorts: { catalog: 4001, pricing: 4002, inventory: 4003 }, databaseUrl: undefined });
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
  });

  it('takes per-subgraph URL overrides', () => {
    expect(loadConfig({ SUBGRAPH_PRICING_URL: 'http://pricing:4002/graphql' }).subgraphUrls).toEqual({ pricing: 'http://pricing:4002/graphql' });
  });

  it('reads subscription limits, with defaults, and refuses out-of-range values', () => {
    expect(loadConfig({}).subscriptions).toEqual({ maxProductIds: 100, maxPerConnection: 100, maxBufferedBytes: 1024 * 1024 });
    expect(loadConfig({ SUBSCRIPTION_MAX_PRODUCT_IDS: '5', SUBSCRIPTIONS_PER_CONNECTION: '2', SUBSCRIPTION_MAX_BUFFERED_BYTES: '65536' }).subscriptions)
      .toEqual({ maxProductIds: 5, maxPerConnection: 2, maxBufferedBytes: 65536 });
    expect(() => loadConfig({ SUBSCRIPTION_MAX_PRODUCT_IDS: '0' })).toThrow(/SUBSCRIPTION_MAX_PRODUCT_IDS/);
  });
});
