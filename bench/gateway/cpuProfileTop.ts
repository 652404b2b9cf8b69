// Where a V8 CPU profile spends its time: `tsx bench/gateway/cpuProfileTop.ts <file.cpuprofile> [n]`
// prints self time by package (node_modules/<pkg>, node internals, our code), the top functions by self
// time, and the top functions by total time (self and callees; a sample counts once per function on its stack).
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
const [file, n = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const area = (url: string, fn: string) => {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:') || (!url && fn)) return url ? 'node internals' : `(${fn || 'native'})`;
  if (!url) return '(idle / gc / native)';
  return url.includes('/bench/') ? 'bench' : 'ours';
};
const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, us] of self) {
  const { callFrame } = byId.get(id)!;
  const a = area(callFrame.url, callFrame.functionName);
  byArea.set(a, (byArea.get(a) ?? 0) + us);
  const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*node_modules\//, '')}:${callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}
const top = (map: Map<string, number>, count: number) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
// Total time: each sampled node's time, once for every distinct function on its stack.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const nameOf = (node: Node) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '')}:${node.callFrame.lineNumber + 1}`;
const inclusive = new Map<string, number>();
for (const [id, us] of self) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = byId.get(at)!;
    if (!node.callFrame.url) continue;
    const name = nameOf(node);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
}
process.stdout.write(`self time by area (${(total / 1e6).toFixed(1)} s sampled)\n${top(byArea, 15)}\n\ntop functions (self)\n${top(byFunction, Number(n))}\n\ntop functions (total)\n${top(inclusive, Number(n))}\n`);
