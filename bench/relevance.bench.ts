// npm run bench -- relevance — ranking quality on the sample store: the judged queries of
// bench/relevance/judged-queries.json (npm run relevance:judge) run against the embedded index
// and, when ELASTICSEARCH_URL is set, Elasticsearch, side by side: nDCG@10 (graded gains),
// precision@10 (grade ≥ 2) and the zero-result rate per query class. The last line is the
// overall nDCG@10. The "baseline" here is the ideal ranking (nDCG 1), not a timing.
// `-- --variant <name>[,<name>…]` also ranks with those variants of SEARCH_RANKING_PATH
// (stack/ranking.json), beside the default, on the same index.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../lib/config/index.js';
import { createOramaSearchIndex, loadRankingVariants, loadSynonymFile, type Ranking, type SearchIndex } from '../lib/search/index.js';
import { generateSampleStore } from '../stack/sampleStore.js';
import { QUERY_CLASSES } from './relevance/judgedQueries.js';
import { readJudgedSet } from './relevance/judgedSetFile.js';
import type { MetricSummary } from './relevance/metrics.js';
import { runJudgedSet } from './relevance/runJudgedSet.js';
import { sampleDocuments } from './relevance/sampleDocuments.js';

const config = loadConfig(process.env);
// The synonyms the search subgraph would use (SEARCH_SYNONYMS_PATH; the sample store's list by default).
const synonyms = await loadSynonymFile(config.searchSynonymsPath);
const set = await readJudgedSet();
const argv = process.argv.slice(2);
const at = argv.findIndex((a) => a === '--variant' || a.startsWith('--variant='));
const asked = at < 0 ? [] : (argv[at]!.includes('=') ? argv[at]!.split('=')[1]! : argv[at + 1] ?? '').split(',').filter(Boolean);
const rankingFile = await loadRankingVariants(config.searchRankingPath);
const unknownVariants = asked.filter((name) => !rankingFile.variants.has(name));
if (unknownVariants.length > 0 || (at >= 0 && asked.length === 0)) {
  process.stderr.write(`--variant names one of ${[...rankingFile.variants.keys()].join(', ')} (${config.searchRankingPath})\n`);
  process.exit(2);
}
const rankings: [string, Ranking | undefined][] = [['', undefined], ...asked.filter((n) => n !== 'default').map((n): [string, Ranking] => [n, rankingFile.variants.get(n)!])];
const documents = sampleDocuments(generateSampleStore(set.store));

const adapters: { name: string; open: () => Promise<SearchIndex>; cleanup?: () => Promise<void> }[] = [
  { name: 'embedded', open: () => createOramaSearchIndex({ synonyms }) },
];
if (config.elasticsearchUrl) {
  const node = config.elasticsearchUrl;
  const alias = `relevance_bench_${randomBytes(4).toString('hex')}`;
  const { createElasticsearchSearchIndex } = await import('../lib/search/elasticsearchSearchIndex.js');
  const { Client } = await import('@elastic/elasticsearch');
  adapters.push({
    name: 'elasticsearch',
    open: () => createElasticsearchSearchIndex({ node, alias, synonyms }),
    cleanup: async () => {
      const client = new Client({ node });
      await client.indices.delete({ index: `${alias}_v*`, ignore_unavailable: true });
      await client.close();
    },
  });
}

const results = new Map<string, Map<string, MetricSummary>>();
for (const adapter of adapters) {
  const index = await adapter.open();
  try {
    for (let i = 0; i < documents.length; i += 500) await index.upsert(documents.slice(i, i + 500));
    for (const [variant, ranking] of rankings) {
      results.set(variant ? `${adapter.name} ${variant}` : adapter.name, await runJudgedSet(index, set.queries, ranking));
    }
  } finally {
    await index.close();
    await adapter.cleanup?.();
  }
}

const fixed = (n: number) => n.toFixed(3);
const names = [...results.keys()];
process.stdout.write(`${set.queries.length} judged queries, ${documents.length} products (sample store seed ${set.store.seed}), ${synonyms.length} synonym rules\n\n`);
process.stdout.write(`| class | queries | ${names.map((n) => `${n} nDCG@10 | ${n} P@10 | ${n} zero-result`).join(' | ')} |\n`);
process.stdout.write(`| --- | ---: | ${names.map(() => '---: | ---: | ---:').join(' | ')} |\n`);
for (const cls of [...QUERY_CLASSES, 'all']) {
  const row = names.map((n) => results.get(n)!.get(cls)!);
  const label = cls === 'all' ? '**all**' : cls;
  process.stdout.write(`| ${label} | ${row[0]!.queries} | ${row.map((m) => `${fixed(m.ndcg)} | ${fixed(m.precision)} | ${fixed(m.zeroResultRate)}`).join(' | ')} |\n`);
}
const overall = names.map((n) => results.get(n)!.get('all')!.ndcg);
process.stdout.write(names.length === 1
  ? `\noverall nDCG@10 = ${fixed(overall[0]!)}\n`
  : `\noverall nDCG@10 = ${names.map((n, i) => `${fixed(overall[i]!)} (${n})`).join(', ')}\n`);
