// The comparison gateways of `npm run bench -- gateway`, kept out of the project's own install:
// Hive Gateway declares Node >= 22.15 and would make every `npm install` on Node 20 print
// EBADENGINE warnings. The benchmark installs them here (bench/gateways/node_modules) on first use.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));

/** The part of `@graphql-hive/gateway` the benchmark uses. */
export interface HiveGatewayModule {
  createGatewayRuntime(options: { supergraph: string; logging: boolean }): RequestListener;
}

/** Installs bench/gateways' packages (from its lock file) unless they are there; one line when it does. */
export function ensureComparisonGateways(): void {
  if (existsSync(path.join(dir, 'node_modules', '@graphql-hive', 'gateway', 'package.json'))) return;
  process.stdout.write('gateway bench: installing the comparison gateways (Hive Gateway) into bench/gateways/node_modules, first run only…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(`installing bench/gateways failed (npm ci exited with ${result.status ?? result.error?.message}); run it by hand: (cd bench/gateways && npm ci)`);
  }
}

/** Loads Hive Gateway from bench/gateways/node_modules (call ensureComparisonGateways first). */
export async function importHiveGateway(): Promise<HiveGatewayModule> {
  // A specifier in a variable: resolved at run time from this folder, not by tsc at type-check time.
  const specifier = '@graphql-hive/gateway';
  return (await import(specifier)) as HiveGatewayModule;
}
