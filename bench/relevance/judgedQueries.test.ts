import { describe, expect, it } from 'vitest';
import { generateSampleStore } from '../../stack/sampleStore.js';
import { grade, misspell, QUERY_CLASSES } from './judgedQueries.js';
import { currentJudgedSet, JUDGED_STORE, readJudgedSet } from './judgedSetFile.js';

describe('the committed judged query set', () => {
  it('is what the sample store and the grading rules produce now (else run npm run relevance:judge)', async () => {
    expect(await readJudgedSet()).toEqual(currentJudgedSet());
  });

  it('has a few hundred queries in every class, judged only with products of the sample store', async () => {
    const set = await readJudgedSet();
    const ids = new Set(generateSampleStore(JUDGED_STORE).products.map((p) => p.id));
    const perClass = Object.fromEntries(QUERY_CLASSES.map((c) => [c, set.queries.filter((q) => q.class === c).length]));
    expect(perClass).toEqual({ exact: 60, brand_category: 40, attribute: 40, misspelling: 40, synonym: 40, multi_word: 40, no_result: 25 });
    expect(new Set(set.queries.map((q) => q.id)).size).toBe(set.queries.length);
    for (const q of set.queries) {
      const judged = Object.values(q.judgments).flat();
      expect(judged.filter((id) => !ids.has(id)), q.id).toEqual([]);
      expect(new Set(judged).size, q.id).toBe(judged.length);
      // Every query but the no-result ones has a product that answers it fully.
      expect(q.judgments['3'].length > 0, q.id).toBe(q.class !== 'no_result');
    }
    expect(set.queries.filter((q) => q.class === 'exact').every((q) => q.judgments['3'].length === 1)).toBe(true);
  });
});

describe('grade', () => {
  const product = { id: 'p-1', name: 'Acme Trail Sock 1', brand: 'Acme', category: 'c-10', adjective: 'Trail', colour: 'red', material: 'wool' };
  it('grades an exact-name query 3 / 2 / 1 for the product, its brand in its category, its category', () => {
    const intent = { product: 'p-1', categories: ['c-10'], brand: 'Acme' };
    expect(grade(intent, product)).toBe(3);
    expect(grade(intent, { ...product, id: 'p-2' })).toBe(2);
    expect(grade(intent, { ...product, id: 'p-2', brand: 'Stark' })).toBe(1);
    expect(grade(intent, { ...product, category: 'c-11' })).toBe(0);
  });
  it('grades other intents by how many of their constraints hold', () => {
    expect(grade({ categories: ['c-10'], colour: 'red', material: 'wool' }, product)).toBe(3);
    expect(grade({ categories: ['c-10'], colour: 'red', material: 'steel' }, product)).toBe(2);
    expect(grade({ categories: ['c-10'], colour: 'navy', material: 'steel' }, product)).toBe(1);
    expect(grade({ categories: ['c-10', 'c-11'] }, product)).toBe(3);
    expect(grade({ categories: [] }, product)).toBe(0);
  });
  it('grades a product of a related category one lower', () => {
    const intent = { categories: ['c-11'], related: ['c-10'], colour: 'red' };
    expect(grade(intent, product)).toBe(2);
    expect(grade(intent, { ...product, colour: 'navy' })).toBe(0);
    expect(grade(intent, { ...product, category: 'c-11' })).toBe(3);
  });
});

describe('misspell', () => {
  it('makes one typo, never in the first or last letter', () => {
    expect([0, 1, 2, 3].map((n) => misspell('jacket', n))).toEqual(['jcket', 'jakcet', 'jackket', 'jackat']);
  });
});
