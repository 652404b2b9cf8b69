// npm run bench -- [name ...] — runs bench/<name>.bench.ts (all of them when no name is given).
// Each benchmark prints its figures as ratios against a baseline measured in the same run.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const dir = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
// `--seconds 30` as well as `--seconds=30`: a word right after a flag without `=` is its value,
// unless it names a benchmark (`--no-pin gateway`).
const args = process.argv.slice(2);
const isValue = (a: string, i: number) => {
  const before = args[i - 1];
  return !a.startsWith('-') && before !== undefined && before.startsWith('--') && !before.includes('=') && !available.includes(a);
};
const names = args.filter((a, i) => !a.startsWith('-') && !isValue(a, i));
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  process.stderr.write(`Unknown benchmark: ${unknown.join(', ')}. Available: ${available.join(', ') || '(none)'}\n`);
  process.exit(2);
}
const flags = args.filter((a, i) => a.startsWith('-') || isValue(a, i));
for (const name of names.length > 0 ? names : available) {
  process.stdout.write(`\n=== bench: ${name} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.bench.ts`), ...flags], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
