import { describe, expect, it } from 'vitest';
import { pieceHash } from './pieceHash.js';
import { StringIds } from './stringIds.js';

describe('StringIds', () => {
  it('numbers strings in the order first seen, through many regrowths of its table', () => {
    const ids = new StringIds(false);
    const strings = Array.from({ length: 20_000 }, (_, i) => `p-${(i * 7919) % 20_000}`);
    expect(strings.map((s) => ids.idOf(s))).toEqual(strings.map((_, i) => i));
    expect(strings.map((s) => ids.idOf(`${s}`))).toEqual(strings.map((_, i) => i));
    expect(ids.size).toBe(20_000);
    expect(ids.strings[123]).toBe(strings[123]);
    expect(ids.get('p-20000')).toBeUndefined();
    expect(new StringIds(false, strings).get(strings[4321]!)).toBe(4321);
  });

  it('tells product ids apart by case, and finds a lower-case word from any case of it in a longer text', () => {
    const exact = new StringIds(false);
    expect([exact.idOf('P-1'), exact.idOf('p-1'), exact.idOf('P-1')]).toEqual([0, 1, 0]);
    const words = new StringIds(true);
    const text = 'Acme KETTLE 500 kettle';
    expect(words.idOf(text, 5, 11, pieceHash(text, 5, 11))).toBe(0);
    expect(words.strings).toEqual(['kettle']);
    expect(words.idOf(text, 16, 22, pieceHash(text, 16, 22))).toBe(0);
    expect(words.idOf('kettle')).toBe(0);
    expect(words.idOf(text, 12, 15, pieceHash(text, 12, 15))).toBe(1);
    expect(words.get('500')).toBe(1);
    expect(words.get('kettl')).toBeUndefined();
  });
});
