// npm run client -- <command> …   API clients and their keys, on DATABASE_URL (else the PGlite data of `npm start`):
//   create <id> --name <name> --kind storefront|partner|mobile|internal --rps <n> --cost-per-minute <n> [--trusted-only]
//                                                   prints the client and its key (once)
//   list
//   show <client>                                   the client and its keys
//   update <client> [--name …] [--rps <n>] [--cost-per-minute <n>] [--trusted-only|--not-trusted-only] [--disable|--enable]
//   rotate <client> [--overlap-hours 24]            a new key (once); the live ones stay valid for the overlap
//   revoke <key-id>                                 at once
//   documents <client> <manifest.json | dir>        registers trusted documents (persisted-documents JSON, an Apollo
//                                                   persisted query manifest, or a directory of .graphql files)
// The same as the staff mutations in the graph (docs/edge.md).
import { parseArgs } from 'node:util';
import { openDb } from '../lib/db/index.js';
import { runMain } from '../lib/main.js';
import { fromRoot } from '../lib/paths.js';
import { migrateSubgraph } from '../lib/subgraph/index.js';
import { clientChange, ClientInputError, createClientStore, newClient, overlapMs, readDocumentManifest } from '../subgraphs/clients/index.js';

const USAGE = `usage: npm run client -- create <id> --name <name> --kind storefront|partner|mobile|internal --rps <n> --cost-per-minute <n> [--trusted-only]
       npm run client -- list | show <client> | revoke <key-id>
       npm run client -- update <client> [--name <name>] [--rps <n>] [--cost-per-minute <n>] [--trusted-only|--not-trusted-only] [--disable|--enable]
       npm run client -- rotate <client> [--overlap-hours <0..168>]
       npm run client -- documents <client> <persisted-documents.json | directory of .graphql>`;

function fail(message: string): never {
  process.stderr.write(`client: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const flag = { type: 'boolean' } as const;
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true, strict: true,
    options: {
      name: { type: 'string' }, kind: { type: 'string' }, rps: { type: 'string' }, 'cost-per-minute': { type: 'string' }, 'overlap-hours': { type: 'string' },
      'trusted-only': flag, 'not-trusted-only': flag, disable: flag, enable: flag,
    },
  });
} catch (error) {
  fail((error as Error).message);
}
const [command, target, manifest] = parsed.positionals;
const { values } = parsed;
if (!command) fail('which command?');
if (command !== 'list' && !target) fail(`${command} needs a ${command === 'revoke' ? 'key' : 'client'} id (npm run client -- list)`);
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const either = (yes: boolean | undefined, no: boolean | undefined) => (yes ? true : no ? false : undefined);

await runMain('client', async (config) => {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : (config.dataDir ?? fromRoot('.data', 'pglite')) });
  await migrateSubgraph(db, 'clients');
  const store = createClientStore(db);
  const out = (value: unknown) => process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
  const found = <T>(value: T | undefined): T => value ?? fail(`no ${command === 'revoke' ? 'live key' : 'client'} ${target}`);
  try {
    switch (command) {
      case 'create': {
        const client = newClient({
          id: target!, name: values.name ?? target!, kind: values.kind ?? fail('create needs --kind'),
          requestsPerSecond: number(values.rps) ?? fail('create needs --rps'), costPerMinute: number(values['cost-per-minute']) ?? fail('create needs --cost-per-minute'),
          trustedOnly: values['trusted-only'] ?? false,
        });
        const created = (await store.create(client)) ?? fail(`client ${client.id} exists already`);
        out(created.client);
        out(`API key (shown once; send it as X-Api-Key): ${created.issued.apiKey}`);
        break;
      }
      case 'list': out(await store.list()); break;
      case 'show': out({ ...found(await store.get(target!)), keys: await store.keys(target!) }); break;
      case 'update':
        out(found(await store.update(target!, clientChange({
          name: values.name, requestsPerSecond: number(values.rps), costPerMinute: number(values['cost-per-minute']),
          trustedOnly: either(values['trusted-only'], values['not-trusted-only']), disabled: either(values.disable, values.enable),
        }))));
        break;
      case 'rotate': {
        const overlap = overlapMs(number(values['overlap-hours']) ?? 24);
        const issued = found(await store.rotate(target!, overlap));
        out(`new API key (shown once): ${issued.apiKey}\nthe previous live keys stay valid until ${new Date(Date.now() + overlap).toISOString()}`);
        break;
      }
      case 'revoke': out(found(await store.revoke(target!))); break;
      case 'documents': {
        if (!manifest) fail('documents needs a manifest file or directory');
        let documents;
        try {
          documents = readDocumentManifest(manifest);
        } catch (error) {
          fail((error as Error).message);
        }
        const result = found(await store.addDocuments(target!, documents));
        out(`${result.added} documents added, ${result.unchanged} already registered`);
        if (result.conflicts.length > 0) fail(`registered already with another text (a document never changes under its id): ${result.conflicts.join(', ')}`);
        break;
      }
      default: fail(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof ClientInputError) fail(error.message);
    throw error;
  }
  await db.close();
  process.exit(0);
});
