// npm run bench -- suggest [--products=100000]
// As-you-type completions and "did you mean" on the embedded index at 100k products: p50/p95
// of suggest() over prefixes of 1 to 8 characters cut from the products' own names and brands
// (every keystroke of a shopper typing), beside a text search for the same prefixes in the
// same run, and the one-off rebuild after a rename.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createOramaSearchIndex } from '../lib/search/index.js';
import { prng } from '../stack/sampleStore.js';
import { generateDocuments } from './searchDocuments.js';

const products = Number(process.argv.find((a) => a.startsWith('--products='))?.slice(11) ?? 100_000);
const documents = generateDocuments(products);
const index = await createOramaSearchIndex();
for (let i = 0; i < documents.length; i += 5000) await index.upsert(documents.slice(i, i + 5000));

const random = prng(11);
const prefixes: string[] = [];
for (let i = 0; i < 100; i++) {
  const doc = documents[Math.floor(random() * documents.length)]!;
  const words = doc.name.split(' ');
  const from = words.slice(Math.floor(random() * (words.length - 1))).join(' ');
  for (let n = 1; n <= 8; n++) prefixes.push(from.slice(0, n)); // every keystroke
}
const typos = ['kettel', 'jakcet', 'bakcpack', 'sandl', 'hodie', 'waterprof', 'merinno', 'cushoin', 'globx', 'trousres'];

async function timings(run: (q: string) => Promise<unknown>, queries: readonly string[]): Promise<number[]> {
  for (const q of queries.slice(0, 50)) await run(q);
  const ms: number[] = [];
  for (const q of queries) {
    const start = performance.now();
    await run(q);
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => (gc(), gc(), process.memoryUsage().heapUsed / 2 ** 20);
const before = heapMb();
let start = performance.now();
await index.suggest('warm', 8); // the first question builds the suggestion index
const build = performance.now() - start;
const structuresMb = heapMb() - before;
const suggest = await timings((q) => index.suggest(q, 8), prefixes);
const search = await timings((q) => index.search({ text: q, offset: 0, limit: 8 }), prefixes);
const correct = await timings((q) => index.correct(q), typos.flatMap((t) => [t, t, t, t, t]));
await index.upsert([{ ...documents[0]!, name: `${documents[0]!.name} Renamed` }]);
start = performance.now();
await index.suggest('renamed', 8);
const rebuild = performance.now() - start;
await index.close();

process.stdout.write(`${products.toLocaleString('en')} products, ${prefixes.length} prefixes (1–8 characters of names):\n`);
process.stdout.write(`  search(text: prefix, first: 8) (baseline)   p50 ${pct(search, 50).toFixed(2)} ms  p95 ${pct(search, 95).toFixed(2)} ms (1.00)\n`);
process.stdout.write(`  suggest(prefix, 8)                          p50 ${pct(suggest, 50).toFixed(2)} ms  p95 ${pct(suggest, 95).toFixed(2)} ms (${(pct(suggest, 95) / pct(search, 95)).toFixed(2)})\n`);
process.stdout.write(`  correct(typo) ("did you mean")              p50 ${pct(correct, 50).toFixed(2)} ms  p95 ${pct(correct, 95).toFixed(2)} ms\n`);
process.stdout.write(`  suggestion index build: first ${build.toFixed(0)} ms, after a rename ${rebuild.toFixed(0)} ms (price and stock changes rebuild nothing)\n`);
process.stdout.write(`  suggestion structures: ${structuresMb.toFixed(0)} MB of heap, ${((structuresMb * 2 ** 20) / products).toFixed(0)} bytes per product\n`);
