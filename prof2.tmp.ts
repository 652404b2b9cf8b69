import { createOramaSearchIndex } from './lib/search/index.js';
import { generateDocuments } from './bench/searchDocuments.js';
const docs = generateDocuments(100_000);
const index = await createOramaSearchIndex();
for (let i = 0; i < docs.length; i += 5000) await index.upsert(docs.slice(i, i + 5000));
const { Session } = await import('node:inspector/promises');
const s = new Session(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.start');
for (let r = 0; r < 10; r++) for (const text of ['running shoe', 'waterproof jacket', 'acme', 'merino socks navy']) await index.search({ offset: 0, limit: 24, text });
const { profile } = await s.post('Profiler.stop') as any;
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const dt = profile.timeDeltas; const samples = profile.samples;
for (let i = 0; i < samples.length; i++) { const n: any = byId.get(samples[i]); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + dt[i]); }
const total = [...self.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / total * 100).toFixed(1).padStart(5) + '%', k);
