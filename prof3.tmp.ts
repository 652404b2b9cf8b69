import { createOramaSearchIndex } from './lib/search/index.js';
import { generateDocuments } from './bench/searchDocuments.js';
const docs = generateDocuments(100_000);
const index = await createOramaSearchIndex();
for (let i = 0; i < docs.length; i += 5000) await index.upsert(docs.slice(i, i + 5000));
const db = (globalThis as any).__db();
const idx = db.data.index;
for (const word of ['acme', 'running', 'shoe']) {
  for (const prop of ['name', 'keywords']) {
    let t = performance.now();
    const found = idx.indexes[prop].node.find({ term: word, exact: false, tolerance: 0 });
    const tFind = performance.now() - t;
    let n = 0; t = performance.now();
    const freq = idx.frequencies[prop];
    let sum = 0;
    for (const m in found) for (const id of found[m]) { n++; sum += freq[id]?.[m] ?? 0; }
    const tFreq = performance.now() - t;
    t = performance.now();
    const map = new Map<number, number>();
    for (const m in found) for (const id of found[m]) map.set(id, (map.get(id) ?? 0) + 1);
    const tMap = performance.now() - t;
    console.log(word, prop, 'words', Object.keys(found).length, 'ids', n, 'find', tFind.toFixed(2), 'freq', tFreq.toFixed(2), 'map', tMap.toFixed(2), sum > 0);
  }
}
let t = performance.now();
await index.search({ offset: 0, limit: 24, text: 'acme' });
console.log('full acme', (performance.now() - t).toFixed(1));
t = performance.now();
const r = idx && db.index.search(idx, 'acme', db.tokenizer, undefined, ['name', 'keywords'], false, 0, { name: 3, keywords: 1 }, { k: 1.2, b: 0.75, d: 0.5 }, 100000, undefined, 0);
console.log('index.search acme', (performance.now() - t).toFixed(1), r.length);
{
  const prop = 'keywords'; const found = idx.indexes[prop].node.find({ term: 'acme', exact: false, tolerance: 0 });
  const freq = idx.frequencies[prop]; const ids = found['acme'];
  let t = performance.now(); let c = 0;
  for (const id of ids) if (freq[id] !== undefined) c++;
  console.log('outer only', (performance.now() - t).toFixed(2), c, '%HasFastProperties?', Object.keys(freq).length);
  t = performance.now(); c = 0;
  for (const id of ids) { const o = freq[id]; c += o['acme'] ?? 0; }
  console.log('outer+inner const key', (performance.now() - t).toFixed(2));
  const lengths = idx.fieldLengths[prop];
  t = performance.now(); c = 0;
  for (const id of ids) c += lengths[id];
  console.log('lengths', (performance.now() - t).toFixed(2));
}
