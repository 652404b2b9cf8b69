import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleDocuments } from '../../bench/relevance/sampleDocuments.js';
import { generateSampleStore } from '../../stack/sampleStore.js';
import { parseSynonyms } from './synonyms.js';
import { cases, SYNONYMS, summary, type CaseSummary, type TextCase } from './textIndex.cases.js';
import { TextIndex } from './textIndex.js';

const expected = JSON.parse(readFileSync(new URL('./textIndex.expected.json', import.meta.url), 'utf8')) as (TextCase & CaseSummary)[];
const texts = sampleDocuments(generateSampleStore({ products: 2000, seed: 42 }));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

/** Every case's (or every `every`th case's) summary against the one Orama's index gave; `idOf` names a slot. */
function mismatches(index: TextIndex, idOf: (slot: number) => string, every = 1): string[] {
  const all = cases(texts);
  expect(all.length).toBe(expected.length);
  const found: string[] = [];
  all.forEach((c, i) => {
    if (i % every !== 0) return;
    const want = expected[i]!;
    expect([c.text, c.tolerance, c.filtered]).toEqual([want.text, want.tolerance, want.filtered]);
    const scores = index.match(c.text, c.tolerance, (slot) => c.accept(idOf(slot)), c.boosts);
    const got = summary(scores, idOf);
    const byId = new Map([...scores].map(([slot, score]) => [idOf(slot), score]));
    const same = got.count === want.count && close(got.scoreSum, want.scoreSum) && want.top.every(([id, score]) => close(byId.get(id) ?? NaN, score));
    if (!same) found.push(`${JSON.stringify(c.text)} tolerance ${c.tolerance}${c.filtered ? ' filtered' : ''}: ${JSON.stringify(got)} where Orama's index gave ${JSON.stringify(want)}`);
  });
  return found;
}

describe('TextIndex', () => {
  const index = new TextIndex(parseSynonyms(SYNONYMS));
  index.add(texts);
  const idOf = (slot: number) => texts[slot]!.id;

  it("finds what Orama's text index found, with the same scores, for 1,787 prefix, typo, number, synonym and long queries", () => {
    expect(mismatches(index, idOf)).toEqual([]);
  });

  it('finds the same after a save and load, through JSON (every fifth case)', () => {
    const copy = new TextIndex(parseSynonyms(SYNONYMS));
    copy.load(JSON.parse(JSON.stringify(index.save())));
    expect(copy.count()).toBe(texts.length);
    expect(mismatches(copy, idOf, 5)).toEqual([]);
  });

  it('keeps a product in its slot across an update, and finds it by its new words only', () => {
    const small = new TextIndex();
    const before = { id: 'p-1', name: 'Acme Running Shoe', brand: 'Acme', attributes: 'red', description: 'leather' };
    small.add([before, { id: 'p-2', name: 'Globex Kettle', brand: 'Globex', attributes: 'steel', description: '' }]);
    const slot = small.slotOf('p-1');
    small.remove([before]);
    expect(small.count()).toBe(1);
    expect(small.match('acme', 0, () => true).size).toBe(0);
    small.add([{ ...before, name: 'Acme Hiking Boot' }]);
    expect(small.slotOf('p-1')).toBe(slot);
    expect([...small.match('hiking', 0, () => true).keys()]).toEqual([slot]);
    expect(small.match('running', 0, () => true).size).toBe(0);
    expect([...small.match('kettle', 0, () => true).keys()]).toEqual([small.slotOf('p-2')]);
  });

  it('refuses a product it holds already (remove it first)', () => {
    const small = new TextIndex();
    small.add([{ id: 'p-1', name: 'Acme', brand: 'Acme', attributes: '', description: '' }]);
    expect(() => small.add([{ id: 'p-1', name: 'Acme', brand: 'Acme', attributes: '', description: '' }])).toThrow(/already/);
  });
});
