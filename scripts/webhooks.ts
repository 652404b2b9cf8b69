// npm run webhooks -- <command> …   Partner webhook endpoints, on DATABASE_URL (else the PGlite data of `npm start`):
//   create --client <id> --url <https://…> --events price,stock[,…]   prints the endpoint and its secret (once)
//   list [--client <id>]
//   pause <endpoint> | resume <endpoint> | delete <endpoint>
//   rotate <endpoint> [--overlap-hours 24]                             prints the new secret (once)
//   deliveries <endpoint> [--status pending|delivered|dead]
//   replay <endpoint>                                                  puts its dead deliveries back in line
//   test <endpoint>                                                    queues a commerce.webhooks.test.v1 event
// The same as the staff mutations in the graph (docs/webhooks.md).
import { parseArgs } from 'node:util';
import { openDb } from '../lib/db/index.js';
import { runMain } from '../lib/main.js';
import { fromRoot } from '../lib/paths.js';
import { migrateSubgraph } from '../lib/subgraph/index.js';
import { createWebhookStore, eventTypesOf, EVENT_FAMILIES } from '../subgraphs/webhooks/index.js';
import { createWebhookSender } from '../subgraphs/webhooks/delivery/index.js';

const USAGE = `usage: npm run webhooks -- create --client <id> --url <url> --events <${Object.keys(EVENT_FAMILIES).join(',')}>
       npm run webhooks -- list [--client <id>]
       npm run webhooks -- pause|resume|delete|replay|test <endpoint>
       npm run webhooks -- rotate <endpoint> [--overlap-hours <0..168>]
       npm run webhooks -- deliveries <endpoint> [--status pending|delivered|dead]`;

function fail(message: string): never {
  process.stderr.write(`webhooks: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true, strict: true,
    options: { client: { type: 'string' }, url: { type: 'string' }, events: { type: 'string' }, 'overlap-hours': { type: 'string' }, status: { type: 'string' } },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail((error as Error).message);
}
const [command, target] = parsed.positionals;
const { values } = parsed;
const needsTarget = ['pause', 'resume', 'delete', 'replay', 'test', 'rotate', 'deliveries'];
if (!command) fail('which command?');
if (needsTarget.includes(command) && !target) fail(`${command} needs an endpoint id (npm run webhooks -- list)`);

await runMain('webhooks', async (config) => {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : (config.dataDir ?? fromRoot('.data', 'pglite')) });
  await migrateSubgraph(db, 'webhooks');
  const store = createWebhookStore(db);
  const out = (value: unknown) => process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
  const found = (ok: boolean) => ok || fail(`no endpoint ${target}`);
  switch (command) {
    case 'create': {
      if (!values.client || !values.url || !values.events) fail('create needs --client, --url and --events');
      const production = config.environment === 'production';
      const rules = createWebhookSender({ allowance: config.webhooks.allowLoopback && !production ? 'loopback' : 'public', allowHttp: !production });
      const refused = rules.refusal(values.url);
      await rules.close();
      if (refused) fail(`--url: ${refused}`);
      let eventTypes;
      try {
        eventTypes = eventTypesOf(values.events.split(',').map((s) => s.trim()).filter(Boolean));
      } catch (error) {
        fail(`--events: ${(error as Error).message}`);
      }
      const { endpoint, secret } = await store.create({ clientId: values.client, url: values.url, eventTypes });
      out(endpoint);
      out(`signing secret (shown once): ${secret}`);
      break;
    }
    case 'list': out(await store.list(values.client)); break;
    case 'pause': case 'resume': found(await store.setStatus(target!, command === 'pause' ? 'paused' : 'active')); out(await store.get(target!)); break;
    case 'delete': found(await store.delete(target!)); out(`deleted ${target}`); break;
    case 'rotate': {
      const hours = Number(values['overlap-hours'] ?? 24);
      if (!Number.isInteger(hours) || hours < 0 || hours > 168) fail('--overlap-hours must be 0 to 168');
      const secret = await store.rotateSecret(target!, hours * 3600_000);
      found(secret !== undefined);
      out(`new signing secret (shown once): ${secret}\nthe previous one signs too until ${new Date(Date.now() + hours * 3600_000).toISOString()}`);
      break;
    }
    case 'deliveries': {
      const status = values.status as 'pending' | 'delivered' | 'dead' | undefined;
      if (status && !['pending', 'delivered', 'dead'].includes(status)) fail('--status must be pending, delivered or dead');
      found((await store.get(target!)) !== undefined);
      out(await store.deliveries(target!, status ? { status } : {}));
      break;
    }
    case 'replay': found((await store.get(target!)) !== undefined); out(`${await store.replayDead(target!)} dead deliveries back in line`); break;
    case 'test': { const id = await store.sendTestEvent(target!); found(id !== undefined); out(`queued test event ${id}`); break; }
    default: fail(`unknown command "${command}"`);
  }
  await db.close();
  process.exit(0);
});
