import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOramaSearchIndex, loadSynonymFile } from '../../lib/search/index.js';
import { fromRoot } from '../../lib/paths.js';
import { generateSampleStore } from '../../stack/sampleStore.js';
import { readJudgedSet } from './judgedSetFile.js';
import { runJudgedSet } from './runJudgedSet.js';
import { sampleDocuments } from './sampleDocuments.js';

// The relevance gate: the embedded index ranks the judged queries at least as well as the
// recorded floor (bench/relevance/floor.json), per class and overall. Rankings are
// deterministic, so a change that ranks worse fails here, not in a dashboard later.

const floor = JSON.parse(readFileSync(fromRoot('bench', 'relevance', 'floor.json'), 'utf8')) as { ndcg: Record<string, number> };

describe('relevance on the judged set', { timeout: 120_000 }, () => {
  it('stays at or above the recorded nDCG@10 floor, overall and per query class', async () => {
    const set = await readJudgedSet();
    const index = await createOramaSearchIndex({ synonyms: await loadSynonymFile(fromRoot('stack', 'synonyms.txt')) });
    try {
      const documents = sampleDocuments(generateSampleStore(set.store));
      for (let i = 0; i < documents.length; i += 500) await index.upsert(documents.slice(i, i + 500));
      const results = await runJudgedSet(index, set.queries);
      const below = Object.entries(floor.ndcg)
        .filter(([cls, min]) => (results.get(cls)?.ndcg ?? 0) < min)
        .map(([cls, min]) => `${cls}: ${results.get(cls)?.ndcg.toFixed(3) ?? 'missing'} < ${min}`);
      expect(below).toEqual([]);
    } finally {
      await index.close();
    }
  });
});
