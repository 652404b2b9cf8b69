// The short chaos run (npm run chaos -- --short) as a test: the stack as separate processes on
// PostgreSQL and a private Redis, under load, with one fault of each kind, and every invariant
// checked (stack/chaos/invariants.ts). Deadlines are generous; nothing here is timed.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config/index.js';
import { runChaos } from '../stack/chaos/runChaos.js';
import { testDatabaseUrl } from './helpers/testDb.js';

describe('chaos (short)', () => {
  it('survives killed inventory, orders, payments, relay, search indexer and gateway replica, a Redis restart and a hanging carrier, checkouts running, with every invariant held', async () => {
    const lines: string[] = [];
    const config = loadConfig();
    const report = await runChaos({
      databaseUrl: testDatabaseUrl(),
      short: true,
      seconds: 80,
      queriesPerSecond: 10,
      writesPerSecond: 6,
      checkoutsPerSecond: 1,
      subscribers: 200,
      hotProducts: 10,
      auth: { issuer: config.auth.issuer, audience: config.auth.audience },
      baseEnv: { PATH: process.env.PATH, HOME: process.env.HOME },
      log: (line) => lines.push(line),
      recoveryGraceMs: 10_000,
      subscribeGraceMs: 5000,
    });
    const failed = report.results.filter((r) => r.violations.length > 0);
    expect(failed.map((r) => `${r.name}:\n  ${r.violations.join('\n  ')}`), lines.join('\n')).toEqual([]);
    expect(report.faults.map((f) => f.label)).toHaveLength(8);
    expect(report.faults.every((f) => Number.isFinite(f.to)), 'every fault recovered').toBe(true);
    expect(report.passed).toBe(true);
  }, 600_000);
});
