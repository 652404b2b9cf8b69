import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface KeyApplication { arguments(): { resolvable?: boolean } }
interface TypeVertex { readonly type: { appliedDirectivesOf(directive: unknown): KeyApplication[] }; readonly source: string }
type KeyFinder = (graph: { sources: Map<string, unknown> }, vertex: TypeVertex) => unknown;

let installed: boolean | undefined;

/**
 * After an `@requires`, the planner sends the entity back to the requiring subgraph under a key
 * of that subgraph (`getLocallySatisfiableKey`). @apollo/query-graphs (2.14) takes the first
 * key the subgraph declares, even one declared `resolvable: false`: the subgraph then cannot
 * resolve the reference and answers null (the audit's keys-mashup case). This makes it prefer a
 * resolvable key, and fall back to its own choice when the subgraph has none. The planner reads
 * the function through the module's exports at each call, which is the seam. Idempotent; false
 * when the seam is not there (another version).
 */
export function installResolvableRequireKeys(): boolean {
  if (installed !== undefined) return installed;
  const graphPath = require('@apollo/query-graphs/dist/graphPath.js') as { getLocallySatisfiableKey?: KeyFinder };
  const internals = require('@apollo/federation-internals') as {
    federationMetadata(schema: unknown): { keyDirective(): unknown; selectionSelectsAnyExternalField(selection: unknown): boolean } | undefined;
    parseFieldSetArgument(args: { parentType: unknown; directive: unknown }): unknown;
  };
  const original = graphPath.getLocallySatisfiableKey;
  if (typeof original !== 'function') return (installed = false);
  graphPath.getLocallySatisfiableKey = (graph, vertex) => {
    const metadata = internals.federationMetadata(graph.sources.get(vertex.source));
    if (metadata) {
      for (const key of vertex.type.appliedDirectivesOf(metadata.keyDirective())) {
        if (key.arguments().resolvable === false) continue;
        const selection = internals.parseFieldSetArgument({ parentType: vertex.type, directive: key });
        if (!metadata.selectionSelectsAnyExternalField(selection)) return selection;
      }
    }
    return original(graph, vertex);
  };
  return (installed = true);
}
