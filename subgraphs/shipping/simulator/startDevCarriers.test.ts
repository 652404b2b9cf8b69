import { describe, expect, it } from 'vitest';
import { NO_CARRIERS } from '../../../lib/config/index.js';
import { carriersForEnvironment } from './startDevCarriers.js';

const recorder = () => {
  const lines: string[] = [];
  return { lines, logger: { warn: (_: object, message: string) => void lines.push(message) } };
};

describe('carriersForEnvironment', () => {
  it('never starts the simulator in production, and says so in the log', async () => {
    const { lines, logger } = recorder();
    const { carriers, simulator } = await carriersForEnvironment({ carriers: NO_CARRIERS, environment: 'production', port: 0, logger });
    expect(simulator).toBeUndefined();
    expect(carriers).toEqual(NO_CARRIERS);
    expect(lines).toEqual([expect.stringMatching(/not started in production/)]);
  });

  it('starts the simulator with run-time credentials outside production when no carrier is configured', async () => {
    const { logger } = recorder();
    const { carriers, simulator } = await carriersForEnvironment({ carriers: NO_CARRIERS, environment: 'development', port: 0, host: '127.0.0.1', logger });
    try {
      expect(simulator).toBeDefined();
      expect(carriers.parcelo.baseUrl).toBe(simulator!.baseUrls.parcelo);
      const res = await fetch(`${simulator!.url}/admin/stats`);
      expect(res.status).toBe(200);
    } finally {
      await simulator?.close();
    }
  });

  it('uses the configured carriers as they are, in any environment', async () => {
    const { logger } = recorder();
    const configured = { ...NO_CARRIERS, parcelo: { baseUrl: 'https://parcelo.example', apiKey: 'k'.repeat(32), webhookToken: undefined } };
    for (const environment of ['development', 'production']) {
      const { carriers, simulator } = await carriersForEnvironment({ carriers: configured, environment, port: 0, logger });
      expect(simulator).toBeUndefined();
      expect(carriers).toBe(configured);
    }
  });
});
