// Runs The Guild's federation-gateway-audit (github.com/graphql-hive/federation-gateway-audit)
// against our gateway, and against the audit's own gateway definitions for comparison:
//
//   npm run audit:federation -- --audit-dir ../federation-gateway-audit [--gateways ours,apollo-gateway,hive-gateway] [--port 4000]
//
// The clone must have its dependencies installed (`npm install` in it; a compared gateway's
// `./install.sh` too). Per suite, the audit serves the suite's subgraphs, our gateway starts on
// that suite's supergraph with this store's own policies off (they do not belong to a foreign
// supergraph), and the audit compares answers. Prints a Markdown table of suites per gateway.
// Not part of `npm test`: it needs the external clone.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const OURS = 'commerce-supergraph';
const root = resolve(import.meta.dirname, '..');

const { values } = parseArgs({
  options: {
    'audit-dir': { type: 'string' },
    gateways: { type: 'string', default: `${OURS},apollo-gateway` },
    // Our gateway's port, when 4000 is taken (a stack or a bench running beside the audit).
    port: { type: 'string', default: '4000' },
  },
});
if (!values['audit-dir']) throw new Error('--audit-dir <path to a clone of federation-gateway-audit> is required');
const auditDir = resolve(values['audit-dir']);
const gateways = values.gateways.split(',').map((g) => (g === 'ours' ? OURS : g));
const port = values.port;
if (!/^\d+$/.test(port)) throw new Error(`--port must be a port number, got ${port}`);

/** Our gateway as an audit gateway definition: per suite, its supergraph, our gateway process. */
function writeOurDefinition(): void {
  const dir = join(auditDir, 'gateways', OURS);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'gateway.json'), JSON.stringify({
    name: 'commerce-supergraph', graphql: `http://127.0.0.1:${port}/graphql`, health: `http://127.0.0.1:${port}/readyz`,
  }, null, 2));
  const env = {
    SUPERGRAPH_PATH: join(dir, 'supergraph.graphql'),
    GATEWAY_PORT: port,
    // A foreign supergraph follows only its own directives: no store policy, no request signing.
    AUTH_MUTATIONS_NEED_CALLER: 'off',
    SUBGRAPH_SIGNING: 'off',
    // The audit's queries are no attack: limits as loose as the settings allow.
    MAX_QUERY_DEPTH: '1000', MAX_QUERY_ALIASES: '100000', MAX_QUERY_DIRECTIVES: '100000', MAX_QUERY_COST: '100000000',
    LOG_LEVEL: 'warn',
  };
  const exports = Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(' ');
  writeFileSync(join(dir, 'run.sh'), [
    `npm start supergraph -- --cwd ./gateways/${OURS} --test $1`,
    // The shell becomes the gateway's own node process (no npx or tsx launcher in between), so the
    // audit's kill after a suite stops the gateway itself, not a parent that leaves it serving the next suite.
    `cd '${root}' && exec env ${exports} node --import tsx gateway/main.ts`,
    '',
  ].join('\n'));
  chmodSync(join(dir, 'run.sh'), 0o755);
}

/** The audit's runner uses Promise.withResolvers (Node 22); on older Node, a module that adds it, preloaded. */
function nodeOptions(): string | undefined {
  if ('withResolvers' in Promise) return process.env.NODE_OPTIONS;
  const polyfill = join(auditDir, 'with-resolvers.mjs');
  writeFileSync(polyfill, 'Promise.withResolvers ??= () => { let resolve, reject; const promise = new Promise((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };\n');
  return `${process.env.NODE_OPTIONS ?? ''} --import=${polyfill}`.trim();
}

/** Runs every suite of the audit against a gateway; resolves to `suite -> ".X"` marks. */
async function audit(gateway: string): Promise<Map<string, string>> {
  const dir = `./gateways/${gateway}`;
  const definition = JSON.parse(readFileSync(join(auditDir, dir, 'gateway.json'), 'utf8')) as { graphql: string; health: string };
  const common = ['--cwd', dir, '--run-script', './run.sh', '--graphql', definition.graphql, '--healthcheck', definition.health];
  await new Promise<void>((done, fail) => {
    const child = spawn('npx', ['tsx', 'src/cli.ts', 'test', '--write', 'results.txt', ...common], {
      cwd: auditDir, stdio: 'inherit', // A gateway started through tsx needs more than the audit's 5 s to be healthy.
      env: { ...process.env, NODE_OPTIONS: nodeOptions(), GATEWAY_TIMEOUT: process.env.GATEWAY_TIMEOUT ?? '30000' },
    });
    child.on('error', fail);
    child.on('exit', () => done());
  });
  // results.txt: a suite's id, then a line of its marks.
  const lines = readFileSync(join(auditDir, dir, 'results.txt'), 'utf8').split('\n');
  const marks = new Map<string, string>();
  for (let i = 0; i + 1 < lines.length && lines[i] !== ''; i += 2) marks.set(lines[i]!, lines[i + 1]!);
  return marks;
}

writeOurDefinition();
const results = new Map<string, Map<string, string>>();
for (const gateway of gateways) results.set(gateway, await audit(gateway));

const count = (marks: Map<string, string>, mark: string) => [...marks.values()].join('').split(mark).length - 1;
const suites = [...new Set([...results.values()].flatMap((m) => [...m.keys()]))].sort();
const cell = (marks: string | undefined) => (marks === undefined ? '—' : marks.includes('X') ? `❌ ${marks}` : `🟢 ${marks.length}`);
console.log(`\n| suite | ${gateways.join(' | ')} |\n| --- |${' --- |'.repeat(gateways.length)}`);
for (const suite of suites) console.log(`| ${suite} | ${gateways.map((g) => cell(results.get(g)!.get(suite))).join(' | ')} |`);
console.log(`| **test cases passed** | ${gateways.map((g) => {
  const marks = results.get(g)!;
  return `${count(marks, '.')}/${count(marks, '.') + count(marks, 'X')}`;
}).join(' | ')} |`);
