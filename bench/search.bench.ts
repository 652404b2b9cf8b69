// npm run bench -- search [--products=N] [--rounds=N] [--warmup=N] — the embedded search engines on 100,000
// generated products (or N): index build time and memory per product, query p50/p95 per kind
// (text, text + typo, text + filter, filter only, facets, sort), snapshot save/restore, and
// event → searchable latency through the indexer. The engines are the embedded adapter as
// shipped (our text index and columns), and MiniSearch's and FlexSearch's text over the same columns; every engine runs
// the same queries, and figures are also given as ratios to a linear scan over the same
// documents (the baseline, measured in the same run). BENCH_PRODUCTS / BENCH_ROUNDS work too.
// Above 200,000 products MiniSearch and FlexSearch are skipped (MiniSearch's build alone takes minutes), the scan runs a
// quarter of the rounds (--scan-rounds=N to choose), and the bench restarts itself with a heap
// limit large enough for the products (16 GB at 1,000,000).
import { spawnSync } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { createOramaSearchIndex, PRICE_BUCKETS, queryTerms, type SearchDocument, type SearchQuery } from '../lib/search/index.js';
import { createSearchIndexer } from '../subgraphs/search/indexing/index.js';
import { nameSortKey } from '../lib/search/oramaSearchIndex.js';
import { ProductColumns, textMatchesOf } from '../lib/search/productColumns.js';
import { documentBatches, generateDocuments, queryMix } from './searchDocuments.js';

/** `--name=value` or `--name value` among the arguments, else the environment variable, else the default. */
function option(name: string, env: string | undefined, fallback: number): number {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  const text = at < 0 ? env : args[at]!.includes('=') ? args[at]!.split('=')[1] : args[at + 1];
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`--${name} must be a positive integer, got ${text}`);
  return value;
}
const PRODUCTS = option('products', process.env.BENCH_PRODUCTS, 100_000);
/** 20: a kind of two queries has 40 timings, so its p95 is not just its slowest one. */
const ROUNDS = option('rounds', process.env.BENCH_ROUNDS, 20);
/** The scan takes seconds per query at a million products: 2 rounds of it above 200,000 (its p95 is then the slowest of fewer runs). */
const SCAN_ROUNDS = option('scan-rounds', undefined, PRODUCTS <= 200_000 ? ROUNDS : 2);
/**
 * Passes over the query mix before timing: V8 optimizes a query's functions over its first runs
 * (a function a query calls once per word is hot only after some passes), on threads that share
 * the two cores with the queries; the goals are about the steady state.
 */
const WARMUP = option('warmup', undefined, 10);
/** The other text libraries are compared up to this size; above it MiniSearch's build alone takes minutes. */
const OTHERS_UP_TO = 200_000;

// About 16 KB of heap per product at most (documents for the scan, the index, a second index
// restored from the snapshot): above Node's default limit, run again with a larger one.
const heapNeededMb = Math.min(20_000, Math.ceil((PRODUCTS * 16) / 1024));
if (getHeapStatistics().heap_size_limit / 2 ** 20 < heapNeededMb && !process.env.SEARCH_BENCH_CHILD) {
  const child = spawnSync(process.execPath, [`--max-old-space-size=${heapNeededMb}`, '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, SEARCH_BENCH_CHILD: '1' } });
  process.exit(child.status ?? 1);
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** Heap in use plus array buffers (typed arrays of any size live outside the heap), after full collections. */
const heapMb = () => {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 2 ** 20;
};

/** What every engine answers: total, page ids and facet counts (so none can skip the facet work). */
type Engine = (query: SearchQuery) => Promise<{ total: number; ids: string[]; brands: number }> | { total: number; ids: string[]; brands: number };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(engine: Engine, rounds = ROUNDS, warmup = WARMUP): Promise<Map<string, number[]>> {
  const mix = queryMix();
  // Each engine starts on a collected heap: the garbage another engine left is not its cost. The
  // collection comes before the warm-up: a full collection deoptimizes code that refers to objects
  // it frees (V8's "weak objects"), and the first timed rounds after it were re-optimizing.
  gc();
  for (let pass = 0; pass < warmup; pass++) for (const { query } of mix) await engine(query);
  // The lists are made before timing: the bench's own allocations would run into the engine's collections.
  const times = new Map<string, number[]>([['all', []], ...mix.map(({ kind }) => [kind, []] as [string, number[]])]);
  const all = times.get('all')!;
  const lists = mix.map(({ kind }) => times.get(kind)!);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < mix.length; i++) {
      const started = performance.now();
      await engine(mix[i]!.query);
      const ms = performance.now() - started;
      all.push(ms);
      lists[i]!.push(ms);
    }
  }
  for (const list of times.values()) list.sort((a, b) => a - b);
  return times;
}

/** p95 of `kind` over p95 of the same kind on the scan. */
function ratio(times: Map<string, number[]>, scanTimes: Map<string, number[]>, kind: string): number {
  return percentile(times.get(kind)!, 95) / percentile(scanTimes.get(kind)!, 95);
}

// ---------- baseline: a linear scan over the documents ----------
function scanEngine(docs: readonly SearchDocument[]): Engine {
  const texts = docs.map((d) => `${d.name} ${d.brand} ${d.description} ${d.attributes}`.toLowerCase());
  return (query) => {
    const terms = queryTerms(query.text ?? '');
    const f = query.filters ?? {};
    const currency = query.currency ?? f.price?.currency ?? 'EUR';
    const hits: SearchDocument[] = [];
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      if (f.categoryIds && !f.categoryIds.some((c) => d.categoryPath.includes(c))) continue;
      if (f.brands && !f.brands.includes(d.brand)) continue;
      if (f.inStock !== undefined && d.inStock !== f.inStock) continue;
      if (f.price) {
        const p = d.prices[f.price.currency];
        if (p === undefined || p < (f.price.min ?? 0) || p > (f.price.max ?? Infinity)) continue;
      }
      if (terms.length > 0 && !terms.every((t) => texts[i]!.includes(t))) continue;
      hits.push(d);
    }
    const brands = new Map<string, number>();
    const cats = new Map<string, number>();
    const buckets = PRICE_BUCKETS.map(() => 0);
    for (const d of hits) {
      brands.set(d.brand, (brands.get(d.brand) ?? 0) + 1);
      cats.set(d.categoryId, (cats.get(d.categoryId) ?? 0) + 1);
      const p = d.prices[currency];
      if (p !== undefined) buckets[PRICE_BUCKETS.findLastIndex((b) => p >= b)]!++;
    }
    sortHits(hits, query, currency);
    return { total: hits.length, ids: hits.slice(query.offset, query.offset + query.limit).map((d) => d.id), brands: brands.size };
  };
}

function sortHits(hits: SearchDocument[], query: SearchQuery, currency: string, score?: Map<string, number>): void {
  const sort = query.sort ?? 'RELEVANCE';
  const price = (d: SearchDocument) => d.prices[currency] ?? Infinity;
  if (sort === 'PRICE_ASC') hits.sort((a, b) => price(a) - price(b) || a.seq - b.seq);
  else if (sort === 'PRICE_DESC') hits.sort((a, b) => price(b) - price(a) || a.seq - b.seq);
  else if (sort === 'NAME') hits.sort((a, b) => a.name.localeCompare(b.name) || a.seq - b.seq);
  else if (sort === 'NEWEST') hits.sort((a, b) => b.seq - a.seq);
  else if (score) hits.sort((a, b) => score.get(b.id)! - score.get(a.id)! || a.seq - b.seq);
}

// ---------- text libraries over the adapter's own columns: the other candidates for the text ----------
// Filters, facets, sorts and paging are the embedded adapter's (ProductColumns), so the engines
// differ only in the library that matches and scores the text.

/** A text library as the bench drives it: products added in batches, a query's matches with a score each. */
interface TextLibrary {
  add(docs: readonly SearchDocument[]): void;
  /** Products matching every word of `text` (by prefix; with `tolerance`, typos too), each with its score. */
  match(text: string, tolerance: number, accepts: (id: string) => boolean): Iterable<readonly [id: string, score: number]>;
}

function overColumns(docs: readonly SearchDocument[], library: TextLibrary): { engine: Engine; build: () => void } {
  const columns = new ProductColumns(['EUR', 'USD', 'GBP']);
  const slots = new Map<string, number>();
  return {
    build: () => {
      docs.forEach((d, slot) => {
        slots.set(d.id, slot);
        columns.set(slot, d, nameSortKey(d.name));
      });
      for (let i = 0; i < docs.length; i += 5000) library.add(docs.slice(i, i + 5000));
    },
    engine: (query) => {
      const currency = query.currency ?? query.filters?.price?.currency ?? 'EUR';
      const found = columns.search(query, currency, (text, tolerance, accept) => {
        const scores = new Map<number, number>();
        for (const [id, score] of library.match(text, tolerance, (id) => accept(slots.get(id)!))) scores.set(slots.get(id)!, score);
        return textMatchesOf(scores);
      });
      return { total: found.total, ids: found.page.map((slot) => columns.idOf(slot)), brands: found.facets.brand.length };
    },
  };
}

/** MiniSearch: BM25, as the Orama adapter every word must match by prefix, a name match counts three times. */
function miniSearch(): TextLibrary {
  const mini = new MiniSearch<{ id: string; name: string; keywords: string }>({
    fields: ['name', 'keywords'],
    storeFields: [],
    searchOptions: { boost: { name: 3 }, combineWith: 'AND', prefix: true },
  });
  return {
    add: (docs) => mini.addAll(docs.map((d) => ({ id: d.id, name: d.name, keywords: `${d.attributes} ${d.description}` }))),
    match: (text, tolerance, accepts) => {
      const filter = (r: { id: string }) => accepts(r.id);
      // One typo per word of four letters or more when the adapter asks for tolerance.
      const results = mini.search(text, { filter, ...(tolerance > 0 ? { fuzzy: (term: string) => (term.length >= 4 ? tolerance : 0) } : {}) });
      return results.map((r) => [r.id as string, r.score] as const);
    },
  };
}

/**
 * FlexSearch: no BM25 and no edit distance. Every word must match by prefix (`forward`), its
 * LatinBalance encoder forgives some typos by how words sound (doubled letters, similar
 * consonants), a name match ranks first: its results come in its own order, scored by rank.
 */
function flexSearch(): TextLibrary {
  const options = { tokenize: 'forward', encoder: FlexSearch.Charset.LatinBalance } as const;
  const names = new FlexSearch.Index(options);
  const texts = new FlexSearch.Index(options);
  return {
    add: (docs) => {
      for (const d of docs) {
        names.add(d.id, d.name);
        texts.add(d.id, `${d.name} ${d.brand} ${d.attributes} ${d.description}`);
      }
    },
    match: (text, _tolerance, accepts) => {
      const all = texts.search(text, { limit: Number.MAX_SAFE_INTEGER }) as string[];
      const inName = new Set(names.search(text, { limit: Number.MAX_SAFE_INTEGER }) as string[]);
      return all.filter(accepts).map((id, rank) => [id, (inName.has(id) ? 2 : 1) * all.length - rank] as const);
    },
  };
}

// ---------- run ----------
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const line = (cells: (string | number)[]) => process.stdout.write(`${cells.map((c) => String(c).padEnd(17)).join('')}\n`);
const withOthers = PRODUCTS <= OTHERS_UP_TO;

process.stdout.write(`search bench: ${PRODUCTS.toLocaleString('en')} products, ${queryMix().length} queries × ${ROUNDS} rounds per engine`
  + `${SCAN_ROUNDS !== ROUNDS ? ` (the scan ${SCAN_ROUNDS})` : ''}, node ${process.version}, load ${loadavg()[0]!.toFixed(1)}\n`);
if (!withOthers) process.stdout.write(`MiniSearch and FlexSearch skipped above ${OTHERS_UP_TO.toLocaleString('en')} products (MiniSearch's build alone takes minutes)\n`);
process.stdout.write('\n');

// The embedded adapter as shipped, built first (the bench's own copies of the catalog, made
// later, would otherwise make its collections slower), from batches that nothing else holds: its
// heap is all it keeps per product (documents, columns, text index, suggestions). The build time
// counts its upserts only, not the making of the batches.
const snapshotPath = path.join(tmpdir(), `search-bench-${process.pid}.json`);
let before = heapMb();
const orama = await createOramaSearchIndex({ snapshotPath });
let oramaBuildMs = 0;
for (const generated of documentBatches(PRODUCTS, 5000)) {
  // As an indexer receives them: parsed from JSON (change events, a reindex's rows). Made with
  // template literals, a generated name or description is a rope (a tree of parts) until first
  // read, and joining it, which no real document needs, was a fifth of the build.
  const batch = JSON.parse(JSON.stringify(generated)) as SearchDocument[];
  const started = performance.now();
  await orama.upsert(batch);
  oramaBuildMs += performance.now() - started;
}
const oramaMb = heapMb() - before;

// Its queries are timed next, while the heap holds the index alone, as a search process's does:
// the bench's copies of the catalog made after (the scan's documents and texts, MiniSearch's
// index; gigabytes at a million products) would otherwise make every collection during its
// queries slower, a cost that is the bench's, not the index's.
const oramaTimes = await measure(async (q) => {
  const r = await orama.search(q);
  return { total: r.total, ids: r.hits.map((h) => h.id), brands: r.facets.brand.length };
});

const base = heapMb();
const docs = generateDocuments(PRODUCTS);
const docsMb = heapMb() - base;

// The columns alone (they share the documents' id strings). Name keys first: computing one
// flattens the name (a template literal's string is a rope until read), which frees more than
// the columns take.
const nameKeys = docs.map((d) => nameSortKey(d.name));
before = heapMb();
const columnsOnly = new ProductColumns(['EUR', 'USD', 'GBP']);
docs.forEach((d, slot) => columnsOnly.set(slot, d, nameKeys[slot]!));
const columnsMb = heapMb() - before;


// Baseline
let started = performance.now();
const scan = scanEngine(docs);
const scanBuildMs = performance.now() - started;
// At a million products a pass of the scan takes half a minute: one pass warms it up.
const scanTimes = await measure(scan, SCAN_ROUNDS, PRODUCTS <= 200_000 ? WARMUP : 1);

// Same answers? (totals per query; ranking may differ for text)
const differing = async (engine: Engine) => {
  const kinds: string[] = [];
  for (const { kind, query } of queryMix()) if ((await engine(query)).total !== (await scan(query)).total) kinds.push(kind);
  return kinds;
};
const oramaDiffers = await differing(async (q) => ({ total: (await orama.search(q)).total, ids: [], brands: 0 }));

// The other text libraries, one at a time: each is gone (its figures kept) before the next is built.
async function measureLibrary(name: string, make: () => TextLibrary) {
  const start = heapMb();
  const other = overColumns(docs, make());
  const started = performance.now();
  other.build();
  const buildMs = performance.now() - started;
  const mb = heapMb() - start;
  return { name, buildMs, mb, times: await measure(other.engine), differs: await differing(other.engine) };
}
const others: Awaited<ReturnType<typeof measureLibrary>>[] = [];
if (withOthers) for (const [name, make] of [['MiniSearch', miniSearch], ['FlexSearch', flexSearch]] as const) others.push(await measureLibrary(name, make));

const kinds = ['all', ...new Set(queryMix().map((q) => q.kind))];
const pair = (times: Map<string, number[]>, kind: string) => `${fmt(percentile(times.get(kind)!, 50))} / ${fmt(percentile(times.get(kind)!, 95))}`;
process.stdout.write('query latency, ms (p50 / p95), and p95 as a ratio to the linear-scan baseline\n');
line(['kind', 'scan (baseline)', 'embedded', 'embedded/scan', ...others.flatMap((o) => [o.name, `${o.name}/scan`])]);
for (const kind of kinds) {
  line([kind, pair(scanTimes, kind), pair(oramaTimes, kind), `${fmt(ratio(oramaTimes, scanTimes, kind), 3)}×`,
    ...others.flatMap((o) => [pair(o.times, kind), `${fmt(ratio(o.times, scanTimes, kind), 3)}×`])]);
}
process.stdout.write(`\nbuild: scan ${fmt(scanBuildMs, 0)} ms, embedded ${fmt(oramaBuildMs, 0)} ms${others.map((o) => `, ${o.name} ${fmt(o.buildMs, 0)} ms`).join('')}\n`);
const perProduct = (mb: number) => `${fmt((mb * 2 ** 20) / PRODUCTS / 1024, 2)} KB/product`;
process.stdout.write(`memory: embedded index +${fmt(oramaMb, 0)} MB = ${perProduct(oramaMb)} (all it keeps: documents, columns, text index, suggestions); `
  + `of which columns alone ${fmt(columnsMb, 0)} MB = ${perProduct(columnsMb)}; the documents themselves ${fmt(docsMb, 0)} MB = ${perProduct(docsMb)}`
  + `${others.map((o) => `; ${o.name} text + columns over shared documents +${fmt(o.mb, 0)} MB`).join('')}\n`);
process.stdout.write(`totals differing from the scan: embedded ${oramaDiffers.length} of ${queryMix().length} queries (${oramaDiffers.join(', ') || 'none'})`
  + `${others.map((o) => `, ${o.name} ${o.differs.length} (${o.differs.join(', ') || 'none'})`).join('')}; the scan matches substrings, the engines words, stems and typos\n`);

// Snapshot round trip (restart without reindexing)
try {
  started = performance.now();
  await orama.snapshot();
  const saveMs = performance.now() - started;
  const size = (await stat(snapshotPath)).size;
  started = performance.now();
  const restored = await createOramaSearchIndex({ snapshotPath });
  const loadMs = performance.now() - started;
  process.stdout.write(`snapshot: ${fmt(size / 2 ** 20, 0)} MB written in ${fmt(saveMs, 0)} ms; restore ${fmt(loadMs, 0)} ms = ${fmt(loadMs / oramaBuildMs, 2)}× the build; restored ${await restored.count()} products\n`);
} catch (error) {
  process.stdout.write(`snapshot: not measured: ${(error as Error).message}\n`);
} finally {
  await rm(snapshotPath, { force: true });
}

// Event → searchable through the indexer alone (in process); the whole pipeline is exercised by test/search.e2e.test.ts
const indexer = createSearchIndexer({ index: orama, categoryPath: (id) => [id] });
const latencies: number[] = [];
for (let i = 0; i < 200; i++) {
  const id = `p-${1 + ((i * 397) % PRODUCTS)}`;
  const amount = 900_000 + i;
  const t0 = performance.now();
  await indexer.handle({
    specversion: '1.0', id: `bench-${i}`, source: '/bench', type: 'commerce.pricing.price_changed.v1', subject: id, time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { productId: id, currency: 'EUR', before: null, after: { listAmount: amount, saleAmount: null, saleValidFrom: null, saleValidTo: null, version: 100 + i } },
  });
  const r = await orama.search({ filters: { price: { min: amount, max: amount, currency: 'EUR' } }, offset: 0, limit: 1 });
  if (r.hits[0]?.id !== id) throw new Error(`price change of ${id} not searchable`);
  latencies.push(performance.now() - t0);
}
latencies.sort((a, b) => a - b);
process.stdout.write(`event → searchable (indexer.handle + search, in process): p50 ${fmt(percentile(latencies, 50), 2)} ms, p95 ${fmt(percentile(latencies, 95), 2)} ms\n`);

// Issue 22's goals
const perKind = kinds.filter((k) => k !== 'all');
const over = (limit: number) => perKind.filter((k) => ratio(oramaTimes, scanTimes, k) > limit);
const slow = perKind.filter((k) => percentile(oramaTimes.get(k)!, 95) > 20);
const kb = (oramaMb * 2 ** 20) / PRODUCTS / 1024;
const buildPer100k = (oramaBuildMs / PRODUCTS) * 100_000;
process.stdout.write(`\ngoals (load ${loadavg()[0]!.toFixed(1)}): every kind p95 ≤ 0.2× the scan: ${over(0.2).length === 0 ? 'met' : `NOT met (${over(0.2).map((k) => `${k} ${fmt(ratio(oramaTimes, scanTimes, k), 2)}×`).join(', ')})`}; `
  + `every kind p95 ≤ 20 ms: ${slow.length === 0 ? 'met' : `NOT met (${slow.map((k) => `${k} ${fmt(percentile(oramaTimes.get(k)!, 95))} ms`).join(', ')})`}; `
  + `≤ 1.5 KB/product: ${kb <= 1.5 ? 'met' : 'NOT met'} (${fmt(kb, 2)} KB); `
  + `build ≤ 1.5 s per 100k products: ${buildPer100k <= 1500 ? 'met' : 'NOT met'} (${fmt(buildPer100k / 1000, 2)} s)\n`);
process.stdout.write(`embedded p95 / scan p95 = ${fmt(ratio(oramaTimes, scanTimes, 'all'), 3)} (all kinds)\n`);
