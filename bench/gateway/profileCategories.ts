// Where a gateway's CPU goes, by category, from a V8 CPU profile (`--profile` of the gateway bench).

export interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The categories, in the order they are printed. */
export const CATEGORIES = [
  'garbage collection',
  'HTTP server (request in, response out)',
  'subgraph fetch + parsing',
  'signing subgraph calls',
  'query planning',
  'plan execution (executor, merging)',
  'result shaping',
  'JSON serialization',
  'GraphQL pipeline (Apollo Server, graphql-js, plugins)',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

type Frame = { functionName: string; url: string };

/**
 * Work that owns everything below it on the stack, strongest first: signing runs inside the data
 * source, the data source and shaping inside the executor, all of it inside the pipeline.
 */
const OWNERS: readonly [Category, (f: Frame) => boolean][] = [
  ['signing subgraph calls', (f) => f.functionName === 'subgraphRequestHeaders' || f.functionName === 'signedRequestHeaders'],
  ['subgraph fetch + parsing', (f) => /node_modules\/undici\/|\/undiciDataSource\.ts|\/signedDataSource\.ts|\/gateway\/entityCache\//.test(f.url)],
  ['result shaping', (f) => /\/planExecution\/compileResultShaper\.ts|@apollo\/gateway\/dist\/resultShaping\.js/.test(f.url)],
  ['query planning', (f) => /@apollo\/query-planner\//.test(f.url)],
  ['plan execution (executor, merging)', (f) => /@apollo\/gateway\/dist\/(executeQueryPlan|dataRewrites)\.js/.test(f.url)],
  // JSON.stringify is a builtin: its time is its caller's, Apollo Server's response serializer.
  ['JSON serialization', (f) => f.functionName === 'prettyJSONStringify'],
];
/** Where the nearest of these on the stack decides, after the owners above. */
const NEAREST: readonly [Category, (f: Frame) => boolean][] = [
  ['HTTP server (request in, response out)', (f) => /^node:(_http_|net$|internal\/stream_base_commons|internal\/streams\/)|\/lib\/http\//.test(f.url)],
  ['GraphQL pipeline (Apollo Server, graphql-js, plugins)', (f) => /node_modules\/(@apollo\/(server|gateway|federation-internals)|graphql)\/|\/gateway\/|\/lib\/(limits|metrics|logging|edge)\//.test(f.url)],
];
/** The bench's own code in the gateway process: the profiler writing its profile out. */
const isBench = (f: Frame) => /\/bench\//.test(f.url);

/**
 * Self time by category. A sample is garbage collection when V8 says so; else it belongs to the
 * strongest owner on its stack; else the nearest HTTP or pipeline frame decides. Idle time and
 * the profiler's own work (the bench's frames) are left out.
 */
export function cpuByCategory(profile: CpuProfile): Map<Category, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryOf = new Map<number, Category | null>();
  const categorize = (id: number): Category | null => {
    const leaf = byId.get(id)!.callFrame;
    if (leaf.functionName === '(idle)') return null;
    if (leaf.functionName === '(garbage collector)') return 'garbage collection';
    const stack: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!.callFrame);
    if (stack.some(isBench)) return null;
    for (const [category, owns] of OWNERS) if (stack.some(owns)) return category;
    for (const frame of stack) for (const [category, is] of NEAREST) if (is(frame)) return category;
    return 'other';
  };
  const totals = new Map<Category, number>();
  profile.samples.forEach((id, i) => {
    let category = categoryOf.get(id);
    if (category === undefined) categoryOf.set(id, (category = categorize(id)));
    if (category) totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return totals;
}

/** Shares (0–1) of the busy time, every category present. */
export function cpuShares(profile: CpuProfile): Record<Category, number> {
  const totals = cpuByCategory(profile);
  const busy = [...totals.values()].reduce((a, b) => a + b, 0) || 1;
  return Object.fromEntries(CATEGORIES.map((c) => [c, (totals.get(c) ?? 0) / busy])) as Record<Category, number>;
}
