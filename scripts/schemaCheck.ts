// npm run schema:check [-- --json] [-- --base <git-ref>]
// Composes schema/<name>.graphql, diffs the API schema against the committed
// schema/supergraph.graphql (or the one at <git-ref>), lists the recorded operations in
// schema/operations/ each breaking change breaks, and exits 1 when the check fails. With
// DATABASE_URL set, every trusted document a client registered (clients.documents) is held
// to the same check: a change that breaks a client's stored operation fails.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fromRoot, projectRoot } from '../lib/paths.js';
import { openDb } from '../lib/db/index.js';
import {
  checkSchema, formatSchemaCheckReport, localSubgraphUrl, readRecordedOperations, readSubgraphSources, registeredOperations, SUPERGRAPH_FILE,
} from '../lib/schema/index.js';
import { createClientStore } from '../subgraphs/clients/index.js';

/** The trusted documents registered in the database at `url` (none before the clients schema exists). */
async function registeredDocuments(url: string) {
  const db = await openDb({ databaseUrl: url, dataDir: undefined });
  try {
    const { rows } = await db.query<{ exists: boolean }>("SELECT to_regclass('clients.documents') IS NOT NULL AS exists");
    return rows[0]!.exists ? await createClientStore(db).allDocuments() : [];
  } finally {
    await db.close();
  }
}

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, base: { type: 'string' } },
  allowPositionals: false,
});

try {
  process.chdir(projectRoot);
  const committedSupergraphSdl = readFileSync(fromRoot('schema', SUPERGRAPH_FILE), 'utf8');
  const baseSupergraphSdl = values.base
    ? execFileSync('git', ['show', `${values.base}:schema/${SUPERGRAPH_FILE}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    : undefined;
  const recorded = readRecordedOperations('schema/operations');
  const documents = process.env.DATABASE_URL ? await registeredDocuments(process.env.DATABASE_URL) : [];
  const registered = registeredOperations(documents);
  if (process.env.DATABASE_URL) {
    process.stderr.write(`schema:check: ${documents.length} trusted documents of ${new Set(documents.map((d) => d.clientId)).size} clients from DATABASE_URL\n`);
  }
  const report = await checkSchema({
    subgraphs: readSubgraphSources('schema', localSubgraphUrl),
    committedSupergraphSdl,
    baseSupergraphSdl,
    operations: [...recorded.operations, ...registered.operations],
    operationProblems: [...recorded.problems, ...registered.problems],
  });
  const base = values.base ? `${values.base}:schema/${SUPERGRAPH_FILE}` : `schema/${SUPERGRAPH_FILE}`;
  process.stdout.write(values.json ? JSON.stringify({ base, ...report }, null, 2) + '\n' : formatSchemaCheckReport(report, { base }));
  process.exitCode = report.ok ? 0 : 1;
} catch (error) {
  process.stderr.write(`schema:check: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
