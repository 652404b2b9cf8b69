import { createOramaSearchIndex } from './lib/search/index.js';
import { generateDocuments, queryMix } from './bench/searchDocuments.js';
const N = Number(process.env.N ?? 100_000);
const docs = generateDocuments(N);
const index = await createOramaSearchIndex();
let t = performance.now();
for (let i = 0; i < docs.length; i += 5000) await index.upsert(docs.slice(i, i + 5000));
console.log('build ms', Math.round(performance.now() - t));
for (const { kind, query } of queryMix()) {
  await index.search(query);
  const times: number[] = [];
  for (let r = 0; r < 5; r++) { t = performance.now(); await index.search(query); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(kind.padEnd(12), JSON.stringify(query).slice(0, 110).padEnd(110), times[2]!.toFixed(1));
}
