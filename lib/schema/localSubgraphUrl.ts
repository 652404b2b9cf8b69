import { DEFAULT_SUBGRAPH_PORTS } from '../config/index.js';

/**
 * The URL `schema:compose` records for a subgraph: its default local port from lib/config.
 * The gateway overrides it per subgraph from `SUBGRAPH_<NAME>_URL`.
 */
export function localSubgraphUrl(name: string): string {
  const port = (DEFAULT_SUBGRAPH_PORTS as Readonly<Record<string, number>>)[name];
  if (!port) throw new Error(`schema/${name}.graphql has no default port in lib/config (DEFAULT_SUBGRAPH_PORTS)`);
  return `http://127.0.0.1:${port}/graphql`;
}
