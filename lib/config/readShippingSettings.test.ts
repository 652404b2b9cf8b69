import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_SHIPPING_SETTINGS, loadConfig } from './index.js';

describe('shipping configuration', () => {
  it('has no carrier and the default timings for an empty environment', () => {
    const config = loadConfig({});
    expect(config.carriers.parcelo.baseUrl).toBeUndefined();
    expect(config.shipping).toEqual(DEFAULT_SHIPPING_SETTINGS);
    expect(config.subgraphPorts.shipping).toBe(4005);
  });

  it('reads each carrier\'s URL and credentials', () => {
    const config = loadConfig({
      CARRIER_PARCELO_URL: 'https://api.parcelo.example/v1', CARRIER_PARCELO_API_KEY: 'k',
      CARRIER_SKYWAY_URL: 'https://skyway.example', CARRIER_SKYWAY_CLIENT_ID: 'id', CARRIER_SKYWAY_CLIENT_SECRET: 's',
      CARRIER_SKYWAY_TOKEN_URL: 'https://auth.skyway.example/token', SHIPPING_DEADLINE_MS: '1500',
    });
    expect(config.carriers.parcelo).toEqual({ baseUrl: 'https://api.parcelo.example/v1', apiKey: 'k' });
    expect(config.carriers.skyway).toMatchObject({ tokenUrl: 'https://auth.skyway.example/token', clientId: 'id' });
    expect(config.shipping.deadlineMs).toBe(1500);
  });

  it('names the missing credentials of a configured carrier and bad timings', () => {
    let error: unknown;
    try {
      loadConfig({ CARRIER_SKYWAY_URL: 'https://skyway.example', CARRIER_SKYWAY_CLIENT_ID: 'id', CARRIER_FREIGHTLY_URL: 'ftp://x', SHIPPING_DEADLINE_MS: '5' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    expect(text).toContain('CARRIER_SKYWAY_URL is set but CARRIER_SKYWAY_CLIENT_SECRET is not');
    expect(text).toMatch(/CARRIER_FREIGHTLY_URL must use http/);
    expect(text).toMatch(/SHIPPING_DEADLINE_MS/);
  });
});
