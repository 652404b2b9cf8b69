import { base64Of, fromBase64, grown } from './typedArrays.js';

/**
 * One list of slots per word id (the products whose field holds the word), all in one
 * Uint32Array: a list that outgrows its room moves to the end with twice the room, and the
 * array is compacted when the rooms left behind reach half of it. Slots in a list are in no
 * particular order; a slot is in a word's list at most once.
 */
export class Postings {
  private data = new Uint32Array(1024);
  /** Elements of `data` in use, rooms left behind included. */
  private used = 0;
  private abandoned = 0;
  /** Slots in all lists. */
  private live = 0;
  private start = new Uint32Array(0);
  private length = new Uint32Array(0);
  private room = new Uint32Array(0);

  /** The number of slots in the list of `word`. */
  count(word: number): number {
    return word < this.length.length ? this.length[word]! : 0;
  }

  add(word: number, slot: number): void {
    if (word >= this.length.length) {
      const size = word + 1;
      this.start = grown(this.start, size);
      this.length = grown(this.length, size);
      this.room = grown(this.room, size);
    }
    const length = this.length[word]!;
    if (length === this.room[word]) this.move(word, Math.max(1, length * 2));
    this.data[this.start[word]! + length] = slot;
    this.length[word] = length + 1;
    this.live++;
  }

  /** Removes `slot` from the list of `word` (the last slot takes its place). */
  remove(word: number, slot: number): void {
    const length = this.count(word);
    const start = this.start[word]!;
    const at = this.data.subarray(start, start + length).indexOf(slot);
    if (at < 0) return;
    this.data[start + at] = this.data[start + length - 1]!;
    this.length[word] = length - 1;
    this.live--;
  }

  /** The slots of `word` (a view: valid until the next change). */
  slots(word: number): Uint32Array {
    const start = word < this.start.length ? this.start[word]! : 0;
    return this.data.subarray(start, start + this.count(word));
  }

  private move(word: number, room: number): void {
    const start = this.start[word]!;
    const old = this.room[word]!;
    if (old > 0 && start + old === this.used && start + room <= this.data.length) {
      // The last list grows in place.
      this.used = start + room;
      this.room[word] = room;
      return;
    }
    if (this.abandoned + old > (this.used + room) / 2) this.compact();
    if (this.used + room > this.data.length) this.data = grown(this.data, this.used + room);
    const next = this.used;
    this.data.copyWithin(next, this.start[word]!, this.start[word]! + this.length[word]!);
    this.abandoned += this.room[word]!;
    this.start[word] = next;
    this.room[word] = room;
    this.used += room;
  }

  /**
   * Compacts when under a third of the array holds slots (after a bulk load, the rooms left
   * behind and the array's doubling hold the rest); a no-op otherwise.
   */
  compactIfSparse(): void {
    if (this.data.length > 3 * this.live + 4096) this.compact();
  }

  /**
   * Rewrites the lists side by side, each with room for half as many slots again (`exact`: for
   * its slots only), so the lists still growing do not all move at once after it.
   */
  private compact(exact = false): void {
    const roomOf = (length: number) => (exact ? length : length + (length >> 1));
    let total = 0;
    for (let w = 0; w < this.length.length; w++) total += roomOf(this.length[w]!);
    const data = new Uint32Array(Math.max(1024, exact ? total : total + (total >> 3)));
    let at = 0;
    for (let w = 0; w < this.length.length; w++) {
      const length = this.length[w]!;
      data.set(this.data.subarray(this.start[w]!, this.start[w]! + length), at);
      this.start[w] = at;
      this.room[w] = roomOf(length);
      at += this.room[w]!;
    }
    this.data = data;
    this.used = at;
    this.abandoned = 0;
  }

  /** The lists as JSON-safe text, compacted. */
  save(): SavedPostings {
    this.compact(true);
    const words = this.length.length;
    return { lengths: base64Of(this.length.subarray(0, words)), slots: base64Of(this.data.subarray(0, this.used)) };
  }

  static load(saved: SavedPostings): Postings {
    const postings = new Postings();
    postings.length = fromBase64(saved.lengths, Uint32Array);
    postings.room = postings.length.slice();
    postings.start = new Uint32Array(postings.length.length);
    for (let w = 0, at = 0; w < postings.length.length; w++) {
      postings.start[w] = at;
      at += postings.length[w]!;
    }
    postings.data = fromBase64(saved.slots, Uint32Array);
    postings.used = postings.data.length;
    postings.live = postings.data.length;
    return postings;
  }
}

/** {@link Postings.save}'s output. */
export interface SavedPostings {
  readonly lengths: string;
  readonly slots: string;
}
