/**
 * The one list of subgraphs. Everything that names them derives from here: config variables
 * (`<NAME>_PORT`, `SUBGRAPH_<NAME>_URL`), the outbox schemas the relay reads, migrations, the
 * embedded and multi-process stacks, chaos and the benchmarks. Adding a subgraph is its folder
 * under `subgraphs/` plus one line here.
 *
 * - `store`: owns a PostgreSQL schema (`subgraphs/<name>/migrations/`, with an outbox the relay publishes);
 * - `index`: serves a search index kept fresh from the change events;
 * - `external`: sits over external HTTP APIs (with a local simulator in development); a store
 *   may too (payments, shipping).
 */
export const SUBGRAPHS = {
  catalog: { kind: 'store', port: 4001 },
  pricing: { kind: 'store', port: 4002 },
  inventory: { kind: 'store', port: 4003 },
  search: { kind: 'index', port: 4004 },
  shipping: { kind: 'store', port: 4005 },
  // 4006 is the outbox relay's ops port.
  orders: { kind: 'store', port: 4007 },
  payments: { kind: 'store', port: 4008 },
  webhooks: { kind: 'store', port: 4009 },
  clients: { kind: 'store', port: 4010 },
  insights: { kind: 'store', port: 4011 },
} as const satisfies Record<string, {
  readonly kind: 'store' | 'index' | 'external';
  /** Default port. */
  readonly port: number;
}>;

type Subgraphs = typeof SUBGRAPHS;
export type SubgraphName = keyof Subgraphs;
/** The subgraphs with a PostgreSQL schema and an outbox of their own. */
export type StoreSubgraphName = { [K in SubgraphName]: Subgraphs[K]['kind'] extends 'store' ? K : never }[SubgraphName];

export const SUBGRAPH_NAMES = Object.keys(SUBGRAPHS) as SubgraphName[];
export const STORE_SUBGRAPH_NAMES = SUBGRAPH_NAMES.filter((name): name is StoreSubgraphName => SUBGRAPHS[name].kind === 'store');

/** Where each subgraph listens by default (and the URL `schema:compose` records). */
export const DEFAULT_SUBGRAPH_PORTS = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, SUBGRAPHS[name].port])) as Readonly<Record<SubgraphName, number>>;

/** The same value for every subgraph, e.g. port 0 for each in tests. */
export const forEachSubgraph = <T>(value: (name: SubgraphName) => T): Record<SubgraphName, T> =>
  Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, value(name)])) as Record<SubgraphName, T>;
