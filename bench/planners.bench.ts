// npm run bench -- planners [--runs 200]: plans the gateway bench's operations
// (bench/gateway/operations.ts) and the recorded client operations (schema/operations/*.graphql)
// over schema/supergraph.graphql with @apollo/query-planner (as @apollo/gateway does) and with
// The Guild's Rust planner (@graphql-hive/router-query-planner, napi binding; installed into
// bench/planners/node_modules on first use). Per operation: cold plan time (first plan of that
// operation on a planner that has planned the operations before it), warm median over --runs
// plans, fetch count, plan shape, and whether both plans fetch the same subgraphs at the same
// paths with the same selections.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner as ApolloQueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { acceptEnforcedSecurityFeatures } from '../lib/supergraph/index.js';
import { OPERATIONS } from './gateway/operations.js';
import { comparePlans, summarizePlan, type AnyPlanNode, type PlanSummary } from './planners/planShape.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(dir, '..');
const plannersDir = path.join(dir, 'planners');
const runsArg = process.argv.find((a, i, all) => a.startsWith('--runs') && (a.includes('=') || all[i + 1] !== undefined));
const RUNS = runsArg ? Number(runsArg.includes('=') ? runsArg.split('=')[1] : process.argv[process.argv.indexOf(runsArg) + 1]) : 200;

/** The part of @graphql-hive/router-query-planner used here. */
interface RustPlannerModule {
  QueryPlanner: new (supergraphSdl: string) => { plan(query: string, operationName: string | null, activeLabels: Set<string>, percentageValue: number): { node?: AnyPlanNode } };
}

function ensureInstalled(): void {
  if (existsSync(path.join(plannersDir, 'node_modules', '@graphql-hive', 'router-query-planner', 'package.json'))) return;
  process.stdout.write('planners bench: installing @graphql-hive/router-query-planner into bench/planners/node_modules, first run only…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: plannersDir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`installing bench/planners failed (npm ci exited with ${result.status ?? result.error?.message}); run it by hand: (cd bench/planners && npm ci)`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const fmt = (x: number) => (x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1));

ensureInstalled();
const specifier = '@graphql-hive/router-query-planner';
// Resolved from bench/planners (not the project's node_modules) at run time.
const rust = (await import(path.join(plannersDir, 'node_modules', specifier, 'dist', 'index.js'))) as RustPlannerModule;

const sdl = readFileSync(path.join(root, 'schema', 'supergraph.graphql'), 'utf8');
const operations: { name: string; query: string; operationName: string | null }[] = [
  ...OPERATIONS.map((o) => ({ name: o.name, query: o.query, operationName: null })),
  ...readdirSync(path.join(root, 'schema', 'operations'))
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => ({ name: f.replace(/\.graphql$/, ''), query: readFileSync(path.join(root, 'schema', 'operations', f), 'utf8'), operationName: null })),
];

let t = process.hrtime.bigint();
// As our gateway sees it (gateway/enforcedSecuritySupergraph.ts): the SECURITY links it enforces
// itself accepted; the Rust planner takes the SDL as composed.
const supergraph = Supergraph.build(acceptEnforcedSecurityFeatures(sdl));
const apiSchema = supergraph.apiSchema();
const apollo = new ApolloQueryPlanner(supergraph);
const apolloBuild = ms(t);
t = process.hrtime.bigint();
const hive = new rust.QueryPlanner(sdl);
const rustBuild = ms(t);

const planApollo = (query: string, operationName: string | null) => apollo.buildQueryPlan(operationFromDocument(apiSchema, parse(query), operationName ? { operationName } : {})) as unknown as { node?: AnyPlanNode };
const planRust = (query: string, operationName: string | null) => hive.plan(query, operationName, new Set(), 0);

interface Row { name: string; apollo: Timing; rust: Timing; a?: PlanSummary; b?: PlanSummary; error?: string }
interface Timing { cold: number; warm: number; error?: string }

function time(plan: () => { node?: AnyPlanNode }): { timing: Timing; summary?: PlanSummary } {
  try {
    let s = process.hrtime.bigint();
    const first = plan();
    const cold = ms(s);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      s = process.hrtime.bigint();
      plan();
      samples.push(ms(s));
    }
    return { timing: { cold, warm: median(samples) }, summary: summarizePlan(first) };
  } catch (error) {
    return { timing: { cold: NaN, warm: NaN, error: (error as Error).message.split('\n')[0]! } };
  }
}

const rows: Row[] = [];
for (const op of operations) {
  const a = time(() => planApollo(op.query, op.operationName));
  const b = time(() => planRust(op.query, op.operationName));
  rows.push({ name: op.name, apollo: a.timing, rust: b.timing, ...(a.summary ? { a: a.summary } : {}), ...(b.summary ? { b: b.summary } : {}) });
}

process.stdout.write(`node ${process.version}, ${cpus().length} vCPUs, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${RUNS} warm runs per operation\n`);
process.stdout.write(`planner construction from the supergraph: apollo ${fmt(apolloBuild)} ms, rust ${fmt(rustBuild)} ms\n\n`);
process.stdout.write('| operation | apollo cold ms | apollo warm ms | rust cold ms | rust warm ms | warm apollo/rust | requests a/r | same fetches | shape (apollo) | shape (rust, if different) |\n|---|---|---|---|---|---|---|---|---|---|\n');
const details: string[] = [];
for (const r of rows) {
  const same = r.a && r.b ? comparePlans(r.a, r.b) : undefined;
  const sameShape = r.a && r.b && r.a.shape === r.b.shape;
  process.stdout.write(`| ${r.name} | ${fmt(r.apollo.cold)} | ${fmt(r.apollo.warm)} | ${fmt(r.rust.cold)} | ${fmt(r.rust.warm)} | ${(r.apollo.warm / r.rust.warm).toFixed(1)}× | ${r.a?.requests ?? '-'}/${r.b?.requests ?? '-'} | ${same ? (same.same ? 'yes' : 'NO') : 'n/a'} | ${r.a?.shape ?? `error: ${r.apollo.error}`} | ${sameShape ? '=' : r.b?.shape ?? `error: ${r.rust.error}`} |\n`);
  if (same && !same.same) {
    details.push(`${r.name}:`);
    for (const f of same.onlyInA) details.push(`  apollo only: ${f.subgraph} @${f.path || '(root)'} ${f.selection}`);
    for (const f of same.onlyInB) details.push(`  rust only:   ${f.subgraph} @${f.path || '(root)'} ${f.selection}`);
  }
}
if (details.length > 0) process.stdout.write(`\nDifferences in fetches:\n${details.join('\n')}\n`);
