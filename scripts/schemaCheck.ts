// npm run schema:check [-- --json] [-- --base <git-ref>]
// Composes schema/<name>.graphql, diffs the API schema against the committed
// schema/supergraph.graphql (or the one at <git-ref>), lists the recorded operations in
// schema/operations/ each breaking change breaks, and exits 1 when the check fails.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fromRoot, projectRoot } from '../lib/paths.js';
import {
  checkSchema, formatSchemaCheckReport, localSubgraphUrl, readRecordedOperations, readSubgraphSources, SUPERGRAPH_FILE,
} from '../lib/schema/index.js';

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
  const { operations, problems } = readRecordedOperations('schema/operations');
  const report = await checkSchema({
    subgraphs: readSubgraphSources('schema', localSubgraphUrl),
    committedSupergraphSdl,
    baseSupergraphSdl,
    operations,
    operationProblems: problems,
  });
  const base = values.base ? `${values.base}:schema/${SUPERGRAPH_FILE}` : `schema/${SUPERGRAPH_FILE}`;
  process.stdout.write(values.json ? JSON.stringify({ base, ...report }, null, 2) + '\n' : formatSchemaCheckReport(report, { base }));
  process.exitCode = report.ok ? 0 : 1;
} catch (error) {
  process.stderr.write(`schema:check: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
