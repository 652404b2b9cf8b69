// npm run docs:config — writes docs/configuration.md from lib/config (names, kinds, defaults, purposes).
import { writeFileSync } from 'node:fs';
import { renderConfigReference, undocumentedVariables } from '../lib/config/configReference.js';
import { fromRoot } from '../lib/paths.js';

const { undocumented, unread } = undocumentedVariables();
if (undocumented.length > 0 || unread.length > 0) {
  process.stderr.write(`docs:config: describe ${undocumented.join(', ') || '—'} in lib/config/variableDocs.ts; nothing reads ${unread.join(', ') || '—'}\n`);
  process.exit(1);
}
writeFileSync(fromRoot('docs', 'configuration.md'), renderConfigReference());
process.stdout.write('wrote docs/configuration.md\n');
