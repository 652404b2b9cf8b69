import type { InvariantResult } from './invariants.js';
import type { RequestRecord } from './load.js';
import { percentile, type Window } from './stats.js';

/** One progress line's figures: queries and writes in the interval, latency percentiles. */
export interface Interval { t: number; ok: number; failed: number; p50: number; p95: number; p99: number; writes: number }

/** Prints the chaos report: load and latency, each fault with the requests it failed, each invariant; true when all passed. */
export function logChaosReport(run: {
  readonly options: { readonly seconds: number; readonly short: boolean };
  readonly startedAt: number; readonly endedAt: number;
  readonly queries: readonly RequestRecord[]; readonly writes: readonly RequestRecord[];
  readonly acknowledged: number; readonly renames: number; readonly subscriptions: number;
  readonly windows: readonly Window[]; readonly intervals: readonly Interval[]; readonly results: readonly InvariantResult[];
  readonly log: (line: string) => void;
}): boolean {
  const { options, startedAt, queries, writes, renames, windows, intervals, results, log } = run;
  const ok = queries.filter((q) => q.outcome === 'ok');
  const lat = ok.map((q) => q.end - q.start);
  const seconds = (run.endedAt - run.startedAt) / 1000;
  log('');
  log(`== chaos report: ${options.seconds} s of load, ${windows.length} faults, ${run.subscriptions} subscriptions`);
  log(`queries: ${queries.length} sent, ${ok.length} ok (${(ok.length / options.seconds).toFixed(1)}/s), latency p50 ${percentile(lat, 50)} ms p95 ${percentile(lat, 95)} ms p99 ${percentile(lat, 99)} ms max ${Math.max(...lat)} ms`);
  log(`writes: ${writes.length} sent, ${run.acknowledged - renames} acknowledged; ${renames} product renames committed in the catalog store`);
  if (!options.short) {
    log('over time (per interval): t, queries ok, failed, p50/p95/p99 ms, writes ok');
    for (const r of intervals) log(`  t+${String(r.t).padStart(4)} s  ${String(r.ok).padStart(5)} ok ${String(r.failed).padStart(4)} failed  ${r.p50}/${r.p95}/${r.p99} ms  ${r.writes} writes`);
  }
  log('faults:');
  for (const w of windows) {
    const failed = [...queries, ...writes].filter((r) => r.outcome !== 'ok' && r.start >= w.from && r.start <= w.to);
    const last = Math.max(...failed.map((r) => r.end));
    const after = failed.length > 0 && w.recoveredAt ? ` (last ${((last - w.recoveredAt) / 1000).toFixed(1)} s after recovery)` : '';
    log(`  t+${((w.from - startedAt) / 1000).toFixed(0)} s … ${Number.isFinite(w.to) ? `t+${((w.to - startedAt) / 1000).toFixed(0)} s` : 'never'}  ${w.label}: ${failed.length} requests failed${after}`);
  }
  // Each failure counts once, for the fault injected last before it (windows overlap by their grace).
  log('failed requests per fault kind (queries, writes; each for the latest fault before it):');
  const kindOf = (r: RequestRecord) => windows.filter((w) => r.start >= w.from && r.start <= w.to).sort((a, b) => b.from - a.from)[0]?.kind ?? 'other';
  for (const kind of new Set(windows.map((w) => w.kind ?? 'other'))) {
    const count = windows.filter((w) => (w.kind ?? 'other') === kind).length;
    const failed = (records: readonly RequestRecord[]) => records.filter((r) => r.outcome !== 'ok' && kindOf(r) === kind).length;
    log(`  ${kind.padEnd(18)} ${count} fault${count === 1 ? '' : 's'}: ${failed(queries)} queries, ${failed(writes)} writes failed`);
  }
  log('invariants:');
  for (const r of results) {
    log(`  ${r.violations.length === 0 ? 'PASS' : 'FAIL'}  ${r.name}`);
    for (const n of r.notes) log(`        ${n}`);
    for (const v of r.violations) log(`        violation: ${v}`);
  }
  const passed = results.every((r) => r.violations.length === 0);
  log(passed ? `PASS (${seconds.toFixed(0)} s)` : `FAIL: ${results.reduce((n, r) => n + r.violationCount, 0)} violations (listed above)`);
  return passed;
}
