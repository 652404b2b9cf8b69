import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { loadSynonymFile, parseSynonyms, solrLine, SynonymFileError } from './synonyms.js';

describe('parseSynonyms', () => {
  it('reads equivalences and one-way rules with multi-word phrases, skipping comments and blank lines', () => {
    const rules = parseSynonyms('# comment\n\nSneaker,  Running   Shoe , trainer\ntee, tees => t-shirt  # one way\r\n');
    expect(rules).toEqual([
      { kind: 'equivalent', phrases: ['sneaker', 'running shoe', 'trainer'] },
      { kind: 'oneWay', from: ['tee', 'tees'], to: ['t-shirt'] },
    ]);
    expect(rules.map(solrLine)).toEqual(['sneaker, running shoe, trainer', 'tee, tees => t-shirt']);
  });

  it('fails with SEARCH_SYNONYMS_INVALID naming every bad line', () => {
    let error: unknown;
    try {
      parseSynonyms('ok, fine\nlonely\na => b => c\nx, , y\n => z', 'my.txt');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SynonymFileError);
    expect(error).toMatchObject({ code: 'SEARCH_SYNONYMS_INVALID', source: 'my.txt' });
    expect((error as SynonymFileError).problems.map((p) => p.split(' ').slice(0, 2).join(' '))).toEqual(['line 2', 'line 3', 'line 4', 'line 5']);
  });
});

describe('loadSynonymFile', () => {
  it('reads the sample store\'s list (the default SEARCH_SYNONYMS_PATH), with the rules the sample store needs', async () => {
    const rules = await loadSynonymFile(loadConfig({}).searchSynonymsPath);
    expect(rules).toContainEqual({ kind: 'equivalent', phrases: ['sneaker', 'running shoe', 'trainer'] });
    expect(rules).toContainEqual({ kind: 'oneWay', from: ['tee'], to: ['t-shirt'] });
  });

  it('names the file in its error', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'synonyms-'));
    try {
      const file = path.join(dir, 'bad.txt');
      await writeFile(file, 'solo\n');
      await expect(loadSynonymFile(file)).rejects.toMatchObject({ code: 'SEARCH_SYNONYMS_INVALID', source: file });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
