// npm run schema:compose — composes schema/<name>.graphql into schema/supergraph.graphql.
// Subgraph URLs recorded are the local defaults; the gateway overrides them per subgraph
// from SUBGRAPH_<NAME>_URL.
import { writeFileSync } from 'node:fs';
import { fromRoot } from '../lib/paths.js';
import { composeSupergraph, localSubgraphUrl, readSubgraphSources, SUPERGRAPH_FILE } from '../lib/schema/index.js';

const sources = readSubgraphSources(fromRoot('schema'), localSubgraphUrl);
const result = composeSupergraph(sources);
if (!result.ok) {
  process.stderr.write(`Composition failed (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}):\n`);
  for (const error of result.errors) process.stderr.write(`  ✗ ${error}\n`);
  process.exit(1);
}
for (const hint of result.hints) process.stdout.write(`  hint: ${hint}\n`);
writeFileSync(fromRoot('schema', SUPERGRAPH_FILE), result.supergraphSdl + '\n');
process.stdout.write(`Composed ${sources.map((s) => s.name).join(', ')} into schema/${SUPERGRAPH_FILE}\n`);
