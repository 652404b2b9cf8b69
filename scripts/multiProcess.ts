// npm run stack:multi — the stack as separate processes on PostgreSQL (DATABASE_URL) and Redis
// (REDIS_URL): catalog, pricing, inventory, the outbox relay, search (with its indexer), shipping
// (with the carrier simulator), and two gateway replicas, all from source, on free ports. Seeds the sample
// store into an empty database. `kill <name>` / `restart <name>` on stdin drive the supervisor.
import { createInterface } from 'node:readline';
import { ConfigError, loadConfig } from '../lib/config/index.js';
import { startMultiProcessStack } from '../stack/multiProcess/startMultiProcessStack.js';

try {
  const config = loadConfig();
  if (!config.databaseUrl || !config.redisUrl) throw new ConfigError(['set DATABASE_URL and REDIS_URL (npm run services starts local ones)']);
  const stack = await startMultiProcessStack({
    databaseUrl: config.databaseUrl, redisUrl: config.redisUrl, keyPrefix: config.eventsKeyPrefix, baseEnv: process.env,
  });
  process.stdout.write(`\n  commerce-supergraph, one process per service (logs in ${stack.logDir})\n` +
    Object.entries(stack.gatewayUrls).map(([name, url]) => `  ${name}: ${url}\n`).join('') +
    `  Subgraphs: ${Object.entries(stack.subgraphUrls).map(([n, u]) => `${n} ${u}`).join(', ')}\n` +
    `  Carrier simulator: ${stack.simulatorUrls.shipping}/admin/stats\n` +
    `  Payment simulator: ${stack.simulatorUrls.payments}/admin/stats\n` +
    `  AUTH_SHARED_SECRET of this run (for npm run token): ${stack.authSharedSecret}\n` +
    `  Type "kill <name>", "restart <name>" or "start <name>" (${stack.supervisor.names.join(', ')}); Ctrl-C stops all.\n\n`);
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const [command, name] = line.trim().split(/\s+/);
    if (!name || !stack.supervisor.names.includes(name) || !['kill', 'restart', 'start'].includes(command!)) {
      process.stdout.write(`usage: kill|restart|start <${stack.supervisor.names.join('|')}>\n`);
      return;
    }
    const started = Date.now();
    stack.supervisor[command as 'kill' | 'restart' | 'start'](name)
      .then(() => process.stdout.write(`${command} ${name}: done in ${Date.now() - started} ms\n`))
      .catch((error: Error) => process.stdout.write(`${command} ${name}: ${error.message}\n`));
  });
  const stop = async () => {
    input.close();
    await stack.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`stack:multi: ${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
}
