// npm run chaos [-- --short | --minutes N] [--qps N] [--wps N] [--cps N] [--subscribers N] [--keep]
// The stack as separate processes (npm run stack:multi) on PostgreSQL (DATABASE_URL, a fresh
// database per run) and a private Redis, under load, with processes and Redis killed on a
// printed schedule, customers checking out meanwhile (--cps a second); ends with the invariants checked and PASS or every violation (exit 1).
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../lib/config/index.js';
import { runChaos } from '../stack/chaos/runChaos.js';

try {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      minutes: { type: 'string', default: '2' },
      qps: { type: 'string' },
      wps: { type: 'string' },
      cps: { type: 'string' },
      subscribers: { type: 'string', default: '240' },
      keep: { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError(['set DATABASE_URL to a PostgreSQL server (npm run services starts one); the run creates its own database there']);
  const number = (name: string, value: string | undefined, fallback: number) => {
    const n = value === undefined ? fallback : Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new ConfigError([`--${name} must be a positive number (got ${value})`]);
    return n;
  };
  const report = await runChaos({
    databaseUrl: config.databaseUrl,
    short: values.short,
    seconds: values.short ? 90 : Math.round(number('minutes', values.minutes, 2) * 60),
    queriesPerSecond: number('qps', values.qps, values.short ? 20 : 30),
    writesPerSecond: number('wps', values.wps, values.short ? 8 : 10),
    checkoutsPerSecond: number('cps', values.cps, 2),
    subscribers: number('subscribers', values.subscribers, 240),
    hotProducts: 12,
    auth: { issuer: config.auth.issuer, audience: config.auth.audience },
    baseEnv: process.env,
    log: (line) => process.stdout.write(`${line}\n`),
    keep: values.keep,
  });
  process.exit(report.passed ? 0 : 1);
} catch (error) {
  process.stderr.write(`chaos: ${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
}
