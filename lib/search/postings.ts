import { base64Of, fromBase64, grown } from './typedArrays.js';

/** A list that needs room for more slots than this gets an array of its own. */
const SHARED_ROOM_LIMIT = 1024;
/** `start` of a list in an array of its own. */
const OWN = 0xffffffff;

/**
 * One list of slots per word id (the products whose field holds the word). Short lists share
 * one Uint32Array: a list that outgrows its room moves to the end with twice the room, and the
 * array is compacted when the rooms left behind reach half of it. A long list (a common word)
 * has a Uint32Array of its own, grown by doubling, so the shared array does not fill with
 * the rooms such lists leave behind. Slots in a list are in no particular order; a slot is in a
 * word's list at most once.
 */
export class Postings {
  private data = new Uint32Array(1024);
  /** Elements of `data` in use, rooms left behind included. */
  private used = 0;
  private abandoned = 0;
  /** Slots in the lists of `data`. */
  private shared = 0;
  /** Per word: where its list starts in `data` (OWN: in `own`), its length, and its room in `data`. */
  private start = new Uint32Array(0);
  private length = new Uint32Array(0);
  private room = new Uint32Array(0);
  /** The lists in arrays of their own, by word (sparse). */
  private own: Uint32Array[] = [];
  private ownWords: number[] = [];

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
    if (this.start[word] === OWN) {
      let list = this.own[word]!;
      if (length === list.length) list = this.own[word] = grown(list, length * 2);
      list[length] = slot;
    } else if (length === this.room[word] && length * 2 > SHARED_ROOM_LIMIT) {
      const list = new Uint32Array(length * 2);
      list.set(this.data.subarray(this.start[word]!, this.start[word]! + length));
      list[length] = slot;
      this.abandoned += this.room[word]!;
      this.shared -= length;
      this.start[word] = OWN;
      this.room[word] = 0;
      this.own[word] = list;
      this.ownWords.push(word);
    } else {
      if (length === this.room[word]) this.move(word, Math.max(1, length * 2));
      this.data[this.start[word]! + length] = slot;
      this.shared++;
    }
    this.length[word] = length + 1;
  }

  /** Removes `slot` from the list of `word` (the last slot takes its place). */
  remove(word: number, slot: number): void {
    const length = this.count(word);
    const list = this.start[word] === OWN ? this.own[word]! : this.data;
    const start = this.start[word] === OWN ? 0 : this.start[word]!;
    const at = list.subarray(start, start + length).indexOf(slot);
    if (at < 0) return;
    list[start + at] = list[start + length - 1]!;
    this.length[word] = length - 1;
    if (list === this.data) this.shared--;
  }

  /** The slots of `word` (a view: valid until the next change). */
  slots(word: number): Uint32Array {
    const length = this.count(word);
    if (length === 0) return this.data.subarray(0, 0);
    if (this.start[word] === OWN) return this.own[word]!.subarray(0, length);
    return this.data.subarray(this.start[word]!, this.start[word]! + length);
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
   * Gives back room after a bulk load: compacts the shared array when under a third of it
   * holds slots, and cuts a list of its own to its slots and a quarter more when it has
   * room for twice as many.
   */
  compactIfSparse(): void {
    if (this.data.length > 3 * this.shared + 4096) this.compact();
    for (const word of this.ownWords) {
      const length = this.length[word]!;
      if (this.own[word]!.length > 2 * length) this.own[word] = this.own[word]!.slice(0, length + (length >> 2));
    }
  }

  /**
   * Rewrites the shared lists side by side, each with room for half as many slots again
   * (`exact`: for its slots only), so the lists still growing do not all move at once after it.
   */
  private compact(exact = false): void {
    const roomOf = (length: number) => (exact ? length : length + (length >> 1));
    let total = 0;
    for (let w = 0; w < this.length.length; w++) if (this.start[w] !== OWN) total += roomOf(this.length[w]!);
    const data = new Uint32Array(Math.max(1024, exact ? total : total + (total >> 3)));
    const old = this.data;
    let at = 0;
    for (let w = 0; w < this.length.length; w++) {
      if (this.start[w] === OWN) continue;
      const length = this.length[w]!;
      // Copied slot by slot: most lists are a few slots, and a view per list (subarray) was most
      // of a build's garbage after its texts.
      for (let i = 0, from = this.start[w]!; i < length; i++) data[at + i] = old[from + i]!;
      this.start[w] = at;
      this.room[w] = roomOf(length);
      at += this.room[w]!;
    }
    this.data = data;
    this.used = at;
    this.abandoned = 0;
  }

  /** The lists as JSON-safe text: their lengths by word, and their slots one list after the other. */
  save(): SavedPostings {
    let total = 0;
    for (let w = 0; w < this.length.length; w++) total += this.length[w]!;
    const slots = new Uint32Array(total);
    for (let w = 0, at = 0; w < this.length.length; w++) {
      slots.set(this.slots(w), at);
      at += this.length[w]!;
    }
    return { lengths: base64Of(this.length), slots: base64Of(slots) };
  }

  /** The lists {@link save} wrote, all in the shared array (a long one moves out when it next grows). */
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
    postings.shared = postings.data.length;
    return postings;
  }
}

/** {@link Postings.save}'s output. */
export interface SavedPostings {
  readonly lengths: string;
  readonly slots: string;
}
