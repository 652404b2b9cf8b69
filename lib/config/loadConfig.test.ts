import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

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
  });

  it('reads the search settings', () => {
    expect(loadConfig({ ELASTICSEARCH_URL: 'http://es:9200', ELASTICSEARCH_INDEX: 'shop', SEARCH_PORT: '5004' }))
      .toMatchObject({ elasticsearchUrl: 'http://es:9200', elasticsearchIndex: 'shop', subgraphPorts: { search: 5004 } });
    expect(() => loadConfig({ ELASTICSEARCH_URL: 'redis://x', ELASTICSEARCH_INDEX: 'Bad Name' })).toThrow(/ELASTICSEARCH_URL[\s\S]*ELASTICSEARCH_INDEX/);
  });

  it('takes per-subgraph URL overrides', () => {
    expect(loadConfig({ SUBGRAPH_PRICING_URL: 'http://pricing:4002/graphql' }).subgraphUrls).toEqual({ pricing: 'http://pricing:4002/graphql' });
  });
});
