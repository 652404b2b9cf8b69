import { base64Of, fromBase64 } from './typedArrays.js';

/**
 * Whether `word` is within `tolerance` edits of the query word `term`, as Orama's
 * `boundedLevenshtein` decides it: any word starting with `term` is (a half-typed word), else the
 * Levenshtein distance (no swaps) must be at most `tolerance`.
 */
export function withinTolerance(term: string, word: string, tolerance: number): boolean {
  if (tolerance < 0) return false;
  if (term === word) return true;
  const m = term.length;
  const n = word.length;
  if (m === 0) return n <= tolerance;
  if (n === 0) return m <= tolerance;
  const diff = Math.abs(m - n);
  if (term.startsWith(word)) return diff <= tolerance;
  if (word.startsWith(term)) return true;
  if (diff > tolerance) return false;
  let previous = new Array<number>(n + 1);
  let current = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      current[j] = term.charCodeAt(i - 1) === word.charCodeAt(j - 1)
        ? previous[j - 1]!
        : Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + 1);
      if (current[j]! < rowMin) rowMin = current[j]!;
    }
    if (rowMin > tolerance) return false;
    [previous, current] = [current, previous];
  }
  return previous[n]! <= tolerance;
}

const NONE = -1;

/**
 * The words of one field as a radix tree (a trie whose edges hold runs of letters), with integer
 * node ids in flat arrays. A word is an id into a word list shared with the caller. The lookups
 * reproduce Orama's radix tree `find({ term, exact, tolerance })` (@orama/orama 3.1, which the
 * index used before, so results stay as they were): by prefix, whole word, or a bounded edit walk
 * that counts one letter per edge. The tree is the same shape as Orama's for the same words, and
 * a word stays in it once added (with no products, it adds nothing to a score).
 */
export class WordTrie {
  private size = 1;
  /** Word ending at the node, or NONE. */
  private word = new Int32Array(64).fill(NONE);
  /** Length of the node's text (the letters from the root to it). */
  private depth = new Int32Array(64);
  /** A word below the node (or at it): its first `depth` letters are the node's text. */
  private sample = new Int32Array(64).fill(NONE);
  private firstChild = new Int32Array(64).fill(NONE);
  private nextSibling = new Int32Array(64).fill(NONE);
  /** First letter of the edge into the node. */
  private key = new Uint16Array(64);

  /** @param words the shared word list the ids index */
  constructor(private readonly words: readonly string[]) {}

  private newNode(depth: number, sample: number, key: number): number {
    if (this.size === this.word.length) {
      const capacity = this.size * 2;
      const widen = <A extends Int32Array | Uint16Array>(old: A, make: (n: number) => A, fill?: number): A => {
        const next = make(capacity);
        if (fill !== undefined) next.fill(fill as never);
        next.set(old as never);
        return next;
      };
      this.word = widen(this.word, (n) => new Int32Array(n), NONE);
      this.depth = widen(this.depth, (n) => new Int32Array(n));
      this.sample = widen(this.sample, (n) => new Int32Array(n), NONE);
      this.firstChild = widen(this.firstChild, (n) => new Int32Array(n), NONE);
      this.nextSibling = widen(this.nextSibling, (n) => new Int32Array(n), NONE);
      this.key = widen(this.key, (n) => new Uint16Array(n));
    }
    const node = this.size++;
    this.depth[node] = depth;
    this.sample[node] = sample;
    this.key[node] = key;
    return node;
  }

  private child(node: number, key: number): number {
    for (let c = this.firstChild[node]!; c !== NONE; c = this.nextSibling[c]!) if (this.key[c] === key) return c;
    return NONE;
  }

  private append(parent: number, node: number): void {
    let c = this.firstChild[parent]!;
    if (c === NONE) {
      this.firstChild[parent] = node;
      return;
    }
    while (this.nextSibling[c] !== NONE) c = this.nextSibling[c]!;
    this.nextSibling[c] = node;
  }

  /** Adds word `id` (a no-op when it is in already). */
  insert(id: number): void {
    const word = this.words[id]!;
    const n = word.length;
    let node = 0;
    let i = 0;
    while (i < n) {
      const child = this.child(node, word.charCodeAt(i));
      if (child === NONE) {
        const leaf = this.newNode(n, id, word.charCodeAt(i));
        this.word[leaf] = id;
        this.append(node, leaf);
        return;
      }
      const end = this.depth[child]!;
      const text = this.words[this.sample[child]!]!;
      let j = i;
      while (j < end && j < n && text.charCodeAt(j) === word.charCodeAt(j)) j++;
      if (j === end) {
        node = child;
        i = j;
        continue;
      }
      // Split the edge where the word leaves it: a node for the common part takes the child's place.
      const middle = this.newNode(j, this.sample[child]!, word.charCodeAt(i));
      this.replaceChild(node, child, middle);
      this.key[child] = text.charCodeAt(j);
      this.nextSibling[child] = NONE;
      this.firstChild[middle] = child;
      if (j < n) {
        const leaf = this.newNode(n, id, word.charCodeAt(j));
        this.word[leaf] = id;
        this.append(middle, leaf);
      } else {
        this.word[middle] = id;
      }
      return;
    }
    this.word[node] = id;
  }

  private replaceChild(parent: number, old: number, next: number): void {
    this.nextSibling[next] = this.nextSibling[old]!;
    if (this.firstChild[parent] === old) {
      this.firstChild[parent] = next;
      return;
    }
    let c = this.firstChild[parent]!;
    while (this.nextSibling[c] !== old) c = this.nextSibling[c]!;
    this.nextSibling[c] = next;
  }

  /** Every word at or below `node`. */
  private eachBelow(node: number, visit: (id: number) => void): void {
    const stack = [node];
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (this.word[at] !== NONE) visit(this.word[at]!);
      for (let c = this.firstChild[at]!; c !== NONE; c = this.nextSibling[c]!) stack.push(c);
    }
  }

  /** The node's text starts with `term`. */
  private startsWith(node: number, term: string): boolean {
    if (this.depth[node]! < term.length) return false;
    return term.length === 0 || this.words[this.sample[node]!]!.startsWith(term);
  }

  /**
   * Calls `visit` with the words `term` finds, as Orama's `find`: `exact` the word itself only;
   * without a tolerance, every word starting with `term`; with one (and not `exact`), the words
   * its bounded edit walk reaches (see {@link typoWalk}). A word may be visited more than once.
   */
  find(term: string, exact: boolean, tolerance: number, visit: (id: number) => void): void {
    if (tolerance > 0 && !exact) {
      this.typoWalk(term, tolerance, visit);
      return;
    }
    const n = term.length;
    let node = 0;
    let i = 0;
    while (i < n) {
      const child = this.child(node, term.charCodeAt(i));
      if (child === NONE) return;
      const end = this.depth[child]!;
      const text = this.words[this.sample[child]!]!;
      let j = i;
      while (j < end && j < n && text.charCodeAt(j) === term.charCodeAt(j)) j++;
      if (j === end) {
        node = child;
        i = j;
      } else if (j === n) {
        // The term ends inside the edge: the words below it start with the term.
        if (!exact) this.eachBelow(child, visit);
        return;
      } else {
        return;
      }
    }
    if (!exact) this.eachBelow(node, visit);
    else if (this.word[node] !== NONE) visit(this.word[node]!);
  }

  /**
   * Orama's `_findLevenshtein`: a walk over (node, letters of `term` used, edits left) that enters
   * a child for one letter of the term however long the child's edge, deletes a letter of the
   * term, or inserts or substitutes a child for an edit. A node reached whose text starts with
   * `term` gives every word below it (even with no edit left); a word reached with edits left is
   * taken when {@link withinTolerance}; nothing is inserted once the term is used up.
   */
  private typoWalk(term: string, tolerance: number, visit: (id: number) => void): void {
    const nodes = [0];
    const used = [0];
    const left = [tolerance];
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      const index = used.pop()!;
      const edits = left.pop()!;
      if (this.startsWith(node, term)) {
        this.eachBelow(node, visit);
        continue;
      }
      if (edits < 0) continue;
      const id = this.word[node]!;
      if (id !== NONE && this.depth[node]! > 0 && withinTolerance(term, this.words[id]!, tolerance)) visit(id);
      if (index >= term.length) continue;
      const letter = term.charCodeAt(index);
      const same = this.child(node, letter);
      if (same !== NONE) (nodes.push(same), used.push(index + 1), left.push(edits));
      nodes.push(node), used.push(index + 1), left.push(edits - 1);
      for (let c = this.firstChild[node]!; c !== NONE; c = this.nextSibling[c]!) {
        nodes.push(c), used.push(index), left.push(edits - 1);
        if (this.key[c] !== letter) nodes.push(c), used.push(index + 1), left.push(edits - 1);
      }
    }
  }

  /** The tree as JSON-safe text (its arrays in base64). */
  save(): SavedWordTrie {
    const n = this.size;
    return {
      size: n,
      word: base64Of(this.word.subarray(0, n)), depth: base64Of(this.depth.subarray(0, n)), sample: base64Of(this.sample.subarray(0, n)),
      firstChild: base64Of(this.firstChild.subarray(0, n)), nextSibling: base64Of(this.nextSibling.subarray(0, n)), key: base64Of(this.key.subarray(0, n)),
    };
  }

  static load(words: readonly string[], saved: SavedWordTrie): WordTrie {
    const trie = new WordTrie(words);
    trie.size = saved.size;
    trie.word = fromBase64(saved.word, Int32Array);
    trie.depth = fromBase64(saved.depth, Int32Array);
    trie.sample = fromBase64(saved.sample, Int32Array);
    trie.firstChild = fromBase64(saved.firstChild, Int32Array);
    trie.nextSibling = fromBase64(saved.nextSibling, Int32Array);
    trie.key = fromBase64(saved.key, Uint16Array);
    return trie;
  }
}

/** {@link WordTrie.save}'s output. */
export interface SavedWordTrie {
  readonly size: number;
  readonly word: string;
  readonly depth: string;
  readonly sample: string;
  readonly firstChild: string;
  readonly nextSibling: string;
  readonly key: string;
}
