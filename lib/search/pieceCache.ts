const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;

/** Lower-cases an ASCII letter's code (other codes as they are). */
export const lowerCode = (code: number): number => (code >= 65 && code <= 90 ? code + 32 : code);

/** FNV-1a of `text[start, end)` lower-cased: what {@link PieceCache} files a piece under. */
export function pieceHash(text: string, start = 0, end = text.length): number {
  let hash = OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ lowerCode(text.charCodeAt(i)), PRIME);
  return hash;
}

/** The hash {@link pieceHash} gives a piece after `code` is appended to it (`hash` of the piece so far, `OFFSET` for none). */
export const extendHash = (hash: number, code: number): number => Math.imul(hash ^ code, PRIME);
export const EMPTY_HASH = OFFSET;

/**
 * Values by piece of text, found from a range of a longer text without cutting the piece out of
 * it: building an index looks up some 25 pieces per product, and cutting each one out (and
 * hashing it in a `Map`) was most of the build's time and garbage. Holds up to `limit` pieces,
 * then starts over (a cache: its owner can always make a value again).
 */
export class PieceCache<T> {
  /** Open addressing: entry index + 1, 0 for an empty place. */
  private table: Int32Array;
  private pieces: string[] = [];
  private values: T[] = [];

  constructor(private readonly limit = 200_000) {
    this.table = new Int32Array(2 ** Math.ceil(Math.log2(limit * 2)));
  }

  get size(): number {
    return this.pieces.length;
  }

  /** The value of `text[start, end)` lower-cased (ASCII letters only), whose {@link pieceHash} is `hash`. */
  find(text: string, start: number, end: number, hash: number): T | undefined {
    const { table, pieces } = this;
    const mask = table.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const entry = table[at]! - 1;
      if (entry < 0) return undefined;
      const piece = pieces[entry]!;
      if (piece.length === end - start && sameText(piece, text, start)) return this.values[entry];
    }
  }

  /** Files `value` under `piece` (lower-case, not in the cache). */
  set(piece: string, hash: number, value: T): void {
    if (this.pieces.length >= this.limit) this.clear();
    const { table } = this;
    const mask = table.length - 1;
    let at = hash & mask;
    while (table[at] !== 0) at = (at + 1) & mask;
    table[at] = this.pieces.push(piece);
    this.values.push(value);
  }

  clear(): void {
    this.table.fill(0);
    this.pieces = [];
    this.values = [];
  }
}

function sameText(piece: string, text: string, start: number): boolean {
  for (let i = 0; i < piece.length; i++) if (piece.charCodeAt(i) !== lowerCode(text.charCodeAt(start + i))) return false;
  return true;
}
