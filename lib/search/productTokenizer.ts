import { tokenizer as oramaTokenizer } from '@orama/orama/components';
import { foldAccents, isAscii } from './foldText.js';
import { EMPTY_HASH, extendHash, lowerCode, pieceHash } from './pieceHash.js';

/** The words of one piece of a product's text (see {@link ProductTokenizer.analyse}). */
export interface AnalysedPiece {
  /** The piece as written (accent-folded; none for punctuation). */
  readonly words: readonly string[];
  /** Their stems (a number is its own). */
  readonly stems: readonly string[];
}

/** Splits a text into the words the text index holds or looks up. */
export interface ProductTokenizer {
  /** A product's text in pieces (folded, split at word breaks), before {@link analyse}. */
  split(text: string): string[];
  /**
   * Calls `visit` with each piece of {@link split} but the empty ones: `source.slice(start, end)`
   * lower-cased is the piece, `hash` its {@link pieceHash}, `digits` true for a number. An ASCII
   * text is read in place (no piece is cut out of it); `source` is the text itself then.
   */
  eachPiece(text: string, visit: PieceVisitor): void;
  /** One piece of {@link split}: its words as written and its stems. The same piece gives the same words. */
  analyse(piece: string): AnalysedPiece;
  /** A product's text as indexed: its words as written, then their stems, each once. */
  indexWords(text: string): string[];
  /** A query's words: their stems only. */
  queryWords(text: string): string[];
}

export type PieceVisitor = (source: string, start: number, end: number, hash: number, digits: boolean) => void;

/** Orama's English word breaks (its tokenizer's `SPLITTERS.english`). */
const WORD_BREAKS = /[^A-Za-zàèéìòóù0-9_'-]+/gim;
const DIGITS = /^\d+$/;

/** A letter, digit, `_` or `'` (lower-case): what an ASCII word is made of once hyphens are breaks. */
const isWordCode = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 39;

/** {@link ProductTokenizer.eachPiece} over an ASCII text: the pieces `split` would cut, found in place. */
function eachAsciiPiece(text: string, visit: PieceVisitor): void {
  let start = -1;
  let hash = EMPTY_HASH;
  let digits = true;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? lowerCode(text.charCodeAt(i)) : 32;
    if (isWordCode(code)) {
      if (start < 0) (start = i), (hash = EMPTY_HASH), (digits = true);
      hash = extendHash(hash, code);
      if (code < 48 || code > 57) digits = false;
    } else if (start >= 0) {
      visit(text, start, i, hash, digits);
      start = -1;
    }
  }
}

/**
 * Orama's English tokenizer with its (Porter) stemmer, fed accent-folded text with hyphens as
 * word breaks: the words Elasticsearch's `product_text` analyser makes (standard tokenizer,
 * asciifolding, English stemmer), so "Café" finds "cafe", "shoes" finds "shoe", and "T-Shirt" is
 * two words. Orama's own splitter would cut "Zürich" in two, so folding comes first. A product's
 * text is indexed with its words as written beside their stems, so a half-typed word still finds
 * them by prefix ("sleepin" → "sleeping", whose stem is "sleep"); a query is looked up by its
 * stems only. A text is split once, and each piece analysed once per process (pieces repeat
 * across the catalog; numbers, which do not, are their own stems).
 */
export function productTokenizer(): ProductTokenizer {
  const stemming = oramaTokenizer.createTokenizer({ language: 'english', stemming: true });
  const plain = oramaTokenizer.createTokenizer({ language: 'english', stemming: false });
  const pieces = new Map<string, AnalysedPiece>();
  const split = (text: string): string[] => foldAccents(text).replace(/-/g, ' ').toLowerCase().split(WORD_BREAKS);
  const analyse = (piece: string): AnalysedPiece => {
    if (DIGITS.test(piece)) return { words: [piece], stems: [piece] };
    let found = pieces.get(piece);
    if (!found) {
      const words = plain.tokenize(piece, 'english', 'text', false);
      found = { words, stems: words.flatMap((word) => stemming.tokenize(word, 'english', 'text', false)) };
      if (pieces.size > 200_000) pieces.clear();
      pieces.set(piece, found);
    }
    return found;
  };
  return {
    split,
    eachPiece(text, visit) {
      if (isAscii(text)) return eachAsciiPiece(text, visit);
      for (const piece of split(text)) if (piece !== '') visit(piece, 0, piece.length, pieceHash(piece), DIGITS.test(piece));
    },
    analyse,
    indexWords(text) {
      const analysed = split(text).map(analyse);
      return [...new Set([...analysed.flatMap((a) => a.words), ...analysed.flatMap((a) => a.stems)])];
    },
    queryWords: (text) => stemming.tokenize(foldAccents(text).replace(/-/g, ' '), 'english', undefined, false),
  };
}
