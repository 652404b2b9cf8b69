import { EMPTY_HASH, extendHash, lowerCode, pieceHash } from './pieceHash.js';
import { grown } from './typedArrays.js';

/**
 * Ids 0, 1, 2… for strings, in the order first seen, and the string of each id: open addressing
 * over typed arrays rather than a `Map`. At a million products the index's maps of words and of
 * product ids were a fifth of its build time (their entries, their rehashing, and a word cut out
 * of its text for each lookup), and two of its larger structures.
 *
 * `lowerCase`: the strings are lower-case, and are found from text of any case, in place (a
 * number read from a product's text is looked up without being cut out of it).
 */
export class StringIds {
  /** Open addressing: id + 1, 0 for an empty place; at most half full. */
  private table = new Int32Array(64);
  /** The hash of each id's string (compared before the strings). */
  private hashes = new Int32Array(64);
  /** The string of each id. The array is never replaced: others may read it. */
  readonly strings: string[] = [];

  constructor(private readonly lowerCase: boolean, strings: readonly string[] = []) {
    for (const s of strings) this.idOf(s);
  }

  get size(): number {
    return this.strings.length;
  }

  /** The hash `text[start, end)` is filed under (with `lowerCase`, {@link pieceHash}: what the tokenizer hands over). */
  hash(text: string, start = 0, end = text.length): number {
    if (this.lowerCase) return pieceHash(text, start, end);
    let hash = EMPTY_HASH;
    for (let i = start; i < end; i++) hash = extendHash(hash, text.charCodeAt(i));
    return hash;
  }

  /** The id of a string seen before, else undefined. */
  get(text: string): number | undefined {
    const id = this.find(text, 0, text.length, this.hash(text));
    return id < 0 ? undefined : id;
  }

  /** The id of `text[start, end)` (lower-cased with `lowerCase`), whose {@link hash} is `hash`; -1 when it has none. */
  find(text: string, start: number, end: number, hash: number): number {
    return this.table[this.place(text, start, end, hash)]! - 1;
  }

  /** The id of `text[start, end)` (lower-cased with `lowerCase`), whose {@link hash} is `hash`; new ones are added. */
  idOf(text: string, start = 0, end = text.length, hash = this.hash(text, start, end)): number {
    const at = this.place(text, start, end, hash);
    if (this.table[at] !== 0) return this.table[at]! - 1;
    const id = this.strings.length;
    const whole = start === 0 && end === text.length ? text : text.slice(start, end);
    this.strings.push(this.lowerCase ? whole.toLowerCase() : whole);
    if (id >= this.hashes.length) this.hashes = grown(this.hashes, id + 1);
    this.hashes[id] = hash;
    this.table[at] = id + 1;
    if (this.strings.length * 2 > this.table.length) this.rehash();
    return id;
  }

  /** Where `text[start, end)` is in the table, or the empty place it would take. */
  private place(text: string, start: number, end: number, hash: number): number {
    const { table, hashes, strings } = this;
    const mask = table.length - 1;
    let at = hash & mask;
    for (;;) {
      const entry = table[at]! - 1;
      if (entry < 0 || (hashes[entry] === hash && this.same(strings[entry]!, text, start, end))) return at;
      at = (at + 1) & mask;
    }
  }

  private same(known: string, text: string, start: number, end: number): boolean {
    if (known.length !== end - start) return false;
    if (!this.lowerCase) {
      if (start === 0 && end === text.length) return known === text;
      for (let i = 0; i < known.length; i++) if (known.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
      return true;
    }
    for (let i = 0; i < known.length; i++) if (known.charCodeAt(i) !== lowerCode(text.charCodeAt(start + i))) return false;
    return true;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.strings.length; id++) {
      let at = this.hashes[id]! & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = id + 1;
    }
    this.table = table;
  }
}

/**
 * Values by piece of text, found from a range of a longer text without cutting the piece out of
 * it: building an index looks up some 25 pieces per product, and cutting each one out (and
 * hashing it in a `Map`) was most of the build's time and garbage. Holds up to `limit` pieces,
 * then starts over (a cache: its owner can always make a value again).
 */
export class PieceCache<T> {
  private pieces = new StringIds(true);
  private values: T[] = [];

  constructor(private readonly limit = 200_000) {}

  get size(): number {
    return this.pieces.size;
  }

  /** The value of `text[start, end)` lower-cased (ASCII letters only), whose {@link pieceHash} is `hash`. */
  find(text: string, start: number, end: number, hash: number): T | undefined {
    const id = this.pieces.find(text, start, end, hash);
    return id < 0 ? undefined : this.values[id];
  }

  /** Files `value` under `piece` (lower-case, not in the cache). */
  set(piece: string, hash: number, value: T): void {
    if (this.pieces.size >= this.limit) this.clear();
    this.values[this.pieces.idOf(piece, 0, piece.length, hash)] = value;
  }

  clear(): void {
    this.pieces = new StringIds(true);
    this.values = [];
  }
}
