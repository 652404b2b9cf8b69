import { describe, expect, it } from 'vitest';
import { Postings } from './postings.js';

describe('Postings', () => {
  it('keeps each word its slots through growth, moves, compaction, removals and a save and load', () => {
    const postings = new Postings();
    const model = new Map<number, Set<number>>();
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let step = 0; step < 60_000; step++) {
      // Few words with many slots, many with one or two: as a catalog's words and its product numbers.
      const word = random() < 0.5 ? Math.floor(random() * 8) : Math.floor(random() * 5000);
      const slot = Math.floor(random() * 3000);
      const slots = model.get(word) ?? new Set<number>();
      if (slots.has(slot) && random() < 0.7) {
        postings.remove(word, slot);
        slots.delete(slot);
      } else if (!slots.has(slot)) {
        postings.add(word, slot);
        slots.add(slot);
      }
      model.set(word, slots);
      if (step % 5000 === 0) postings.compactIfSparse();
    }
    const same = (p: Postings) => {
      for (const [word, slots] of model) expect([...p.slots(word)].sort((a, b) => a - b), `word ${word}`).toEqual([...slots].sort((a, b) => a - b));
    };
    same(postings);
    same(Postings.load(JSON.parse(JSON.stringify(postings.save()))));
    expect(postings.count(999_999)).toBe(0);
    expect([...postings.slots(999_999)]).toEqual([]);
  });
});
