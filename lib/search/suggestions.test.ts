import { describe, expect, it } from 'vitest';
import { editDistance, SuggestionIndex, type SuggestedProduct, type SuggestionSource } from './suggestions.js';

/** Products in a map, as the index's stored documents: each change tells the suggestions what the product was. */
class Catalog implements SuggestionSource {
  private readonly products = new Map<string, SuggestedProduct>();
  readonly suggestions = new SuggestionIndex(this);
  textOfProduct = (id: string) => this.products.get(id);
  nameOf = (id: string) => this.products.get(id)?.name;
  texts = () => this.products.entries();
  set(id: string, name: string, brand: string, attributes: string): void {
    const before = this.products.get(id);
    this.products.set(id, { name, brand, attributes });
    this.suggestions.changed(id, before);
  }
  delete(id: string): void {
    const before = this.products.get(id);
    this.products.delete(id);
    if (before) this.suggestions.changed(id, before);
  }
  suggest = (prefix: string, limit: number) => this.suggestions.suggest(prefix, limit);
  correct = (text: string) => this.suggestions.correct(text);
}

describe('suggestions', () => {
  it('measures edits with adjacent swaps as one', () => {
    expect(editDistance('jacket', 'jakcet')).toBe(1);
    expect(editDistance('kettle', 'kettel')).toBe(1);
    expect(editDistance('sandal', 'sandle')).toBe(2);
    expect(editDistance('shoe', 'boots')).toBe(3);
  });

  it('rebuilds only when a name, brand or attribute changed, and forgets deleted products', () => {
    const index = new Catalog();
    index.set('p-1', 'Globex Kettle 5', 'Globex', 'steel');
    expect(index.suggest('kett', 5)).toEqual([{ text: 'Globex Kettle 5', kind: 'name', productId: 'p-1' }]);
    index.set('p-1', 'Globex Kettle 5', 'Globex', 'steel'); // a price or stock change: nothing to rebuild
    index.set('p-1', 'Globex Teapot 5', 'Globex', 'steel');
    expect(index.suggest('kett', 5)).toEqual([]);
    expect(index.correct('teapott')).toBe('teapot');
    index.delete('p-1');
    expect(index.suggest('glo', 5)).toEqual([]);
    expect(index.correct('teapott')).toBeUndefined();
  });

  it('never corrects numbers and prefers the word more products use on a tie', () => {
    const index = new Catalog();
    index.set('p-1', 'Acme Lamp 1971', 'Acme', 'red');
    index.set('p-2', 'Acme Lamb Stew', 'Acme', 'red');
    index.set('p-3', 'Stark Lamp', 'Stark', 'blue');
    expect(index.correct('lamx 1972')).toBe('lamp 1972');
  });

  it('answers after changes applied in place exactly as after a rebuild from scratch', () => {
    const names = ['Acme Lamp', 'Acme Kettle', 'Globex Kettle Pro', 'Stark Lamp Shade', 'Wayne Mug'];
    const incremental = new Catalog();
    names.forEach((n, i) => incremental.set(`p-${i}`, n, n.split(' ')[0]!, 'steel'));
    incremental.suggest('a', 5); // built
    incremental.set('p-1', 'Acme Teapot', 'Acme', 'steel');
    incremental.delete('p-4');
    incremental.set('p-9', 'Wayne Kettle Mini', 'Wayne', 'ceramic');
    const fresh = new Catalog();
    [['p-0', 'Acme Lamp', 'Acme'], ['p-1', 'Acme Teapot', 'Acme'], ['p-2', 'Globex Kettle Pro', 'Globex'], ['p-3', 'Stark Lamp Shade', 'Stark'], ['p-9', 'Wayne Kettle Mini', 'Wayne']]
      .forEach(([id, name, brand]) => fresh.set(id!, name!, brand!, id === 'p-9' ? 'ceramic' : 'steel'));
    for (const prefix of ['a', 'acme', 'kett', 'lamp', 'w', 'wayne k', 'mug']) expect(incremental.suggest(prefix, 10)).toEqual(fresh.suggest(prefix, 10));
    for (const typo of ['teapott', 'kettel', 'ceramik', 'stel']) expect(incremental.correct(typo)).toEqual(fresh.correct(typo));
    expect(incremental.suggest('mug', 5)).toEqual([]);
  });
});
