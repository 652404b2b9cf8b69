import { describe, expect, it } from 'vitest';
import { foldAccents } from './foldText.js';

describe('foldAccents', () => {
  it('lower-cases and folds accents and ligatures to ASCII, as asciifolding does', () => {
    expect(foldAccents('Crème Brûlée à Zürich')).toBe('creme brulee a zurich');
    expect(foldAccents('Straße Æsir Øre Œuvre Łódź')).toBe('strasse aesir ore oeuvre lodz');
    expect(foldAccents('T-Shirt 42')).toBe('t-shirt 42');
  });
});
