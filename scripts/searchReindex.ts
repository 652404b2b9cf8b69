// npm run search:reindex — rebuilds the search index from the catalog, pricing and inventory
// stores (DATABASE_URL, else the PGlite data of `npm start`) into a new version, with a
// progress bar, rate and ETA; the new version goes live (Elasticsearch alias swap, or the
// embedded snapshot's atomic rename) only once it is complete.
import { openDb } from '../lib/db/index.js';
import { runMain } from '../lib/main.js';
import { fromRoot } from '../lib/paths.js';
import { openSearchIndex } from '../lib/search/index.js';
import { countStoreProducts, readStoreDocuments, reindex } from '../subgraphs/search/indexing/index.js';
import { renderProgress } from './progressBar.js';

await runMain('search:reindex', async (config, logger) => {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : (config.dataDir ?? fromRoot('.data', 'pglite')) });
  const index = await openSearchIndex(config, logger, { snapshotPath: fromRoot('.data', 'search', 'index.json') });
  const total = await countStoreProducts(db);
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const indexed = await reindex(index, readStoreDocuments(db), {
    total,
    onProgress: ({ done, elapsedMs }) => {
      if (!tty && done < total && Date.now() - lastLine < 2000) return;
      lastLine = Date.now();
      process.stderr.write(`${tty ? '\r' : ''}${renderProgress(done, total, elapsedMs)}${tty ? '' : '\n'}`);
    },
  });
  process.stderr.write(`${tty ? '\n' : ''}search:reindex: ${indexed} products indexed into a new ${index.kind} index version, now live\n`);
  await index.close();
  await db.close();
  process.exit(0);
});
