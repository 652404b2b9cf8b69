import { readFileSync } from 'node:fs';
import { fromRoot } from '../../lib/paths.js';
import { composeSupergraph, readSubgraphSources } from '../../lib/schema/index.js';

/** The committed supergraph, as the gateway loads it. */
export const committedSupergraph = (): string => readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8');

/**
 * The committed subgraphs composed without `Product.brand`: reloading from it to the committed
 * supergraph adds a field the catalog subgraph already serves.
 */
export function supergraphWithoutBrand(): string {
  const sources = readSubgraphSources(fromRoot('schema'), (name) => `http://127.0.0.1/${name}`)
    .map((s) => (s.name === 'catalog' ? { ...s, sdl: s.sdl.replace('  brand: String!\n', '') } : s));
  const result = composeSupergraph(sources);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.supergraphSdl + '\n';
}
