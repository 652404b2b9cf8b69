import { formatCompositionProblem } from './composeSupergraph.js';
import type { SchemaCheckReport } from './checkSchema.js';

const MARK = { breaking: '✗', dangerous: '!', safe: '✓' } as const;

/** The report as text for a terminal or a CI log; `base` names what the changes are measured against. */
export function formatSchemaCheckReport(report: SchemaCheckReport, options: { base: string }): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);

  out(`Schema check: ${report.subgraphs.length} subgraphs (${report.subgraphs.join(', ')})`);
  out();
  if (report.composition.ok) {
    out(`Composition: ok${report.composition.hints.length ? `, ${report.composition.hints.length} hint(s)` : ''}`);
    for (const hint of report.composition.hints) out(`  hint: ${formatCompositionProblem(hint)}`);
  } else {
    out(`Composition: FAILED (${report.composition.errors.length} error(s))`);
    for (const error of report.composition.errors) {
      const subgraphs = [...new Set(error.locations.map((l) => l.subgraph))];
      out(`  ✗ ${error.code}${subgraphs.length ? ` in ${subgraphs.join(', ')}` : ''}: ${error.message}`);
      for (const l of error.locations) out(`      at ${l.file}:${l.line}:${l.column}`);
    }
  }
  out();
  const { supergraph } = report;
  if (supergraph.stale === null) out('Supergraph: not checked (composition failed)');
  else if (supergraph.stale) out(`Supergraph: STALE, schema/supergraph.graphql (${supergraph.committedHash}) differs from the fresh composition (${supergraph.freshHash}); run \`npm run schema:compose\``);
  else out(`Supergraph: schema/supergraph.graphql is up to date (${supergraph.committedHash})`);
  out();

  if (report.composition.ok) {
    const count = (level: string) => report.changes.filter((c) => c.level === level).length;
    out(report.changes.length === 0
      ? `Changes against ${options.base}: none`
      : `Changes against ${options.base}: ${count('breaking')} breaking, ${count('dangerous')} dangerous, ${count('safe')} safe`);
    for (const change of report.changes) {
      out(`  ${MARK[change.level]} ${change.level.padEnd(9)} ${change.message}${change.path ? `  [${change.path}]` : ''}`);
      if (change.level !== 'breaking') continue;
      const byOperation = new Map<string, string[]>();
      for (const usage of change.brokenOperations) {
        const key = `${usage.operation} (${usage.file})`;
        byOperation.set(key, [...(byOperation.get(key) ?? []), `line ${usage.line}:${usage.column} ${usage.coordinate}`]);
      }
      if (byOperation.size === 0) out('      no recorded operation uses it');
      for (const [operation, where] of byOperation) out(`      breaks ${operation}: ${[...new Set(where)].join(', ')}`);
    }
    out();
  }

  const ops = report.operations;
  if (ops.checked < ops.recorded && ops.problems.length === 0) {
    out(`Operations: ${ops.recorded} recorded, not checked (no new schema)`);
  } else if (ops.invalid.length === 0 && ops.problems.length === 0) {
    out(`Operations: ${ops.recorded} recorded, all valid against the new schema`);
  } else {
    out(`Operations: ${ops.recorded} recorded, ${ops.invalid.length} invalid against the new schema`);
    for (const problem of ops.problems) out(`  ✗ ${problem}`);
    for (const op of ops.invalid) {
      for (const e of op.errors) out(`  ✗ ${op.operation} ${e.location.file}:${e.location.line}:${e.location.column} ${e.message}`);
    }
  }
  out();
  if (report.ok) out('PASS');
  else {
    out('FAIL');
    for (const failure of report.failures) out(`  - ${failure}`);
  }
  return lines.join('\n') + '\n';
}
