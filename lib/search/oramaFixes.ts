import { create } from '@orama/orama';
import { boundedLevenshtein } from '@orama/orama/internals';

// Two fixes to @orama/orama 3.1.x internals, applied once at load (import this module before
// creating an index). The classes are not exported, so they are reached through a throwaway
// database; if Orama's internals change shape this throws at load instead of leaving a bug in
// place unnoticed. Each is covered by a test in oramaSearchIndex.test.ts.

/**
 * 1. Orama's numeric index (an AVL tree) loses documents when it removes a value whose node
 * has two children: it rebalances the in-order successor's parent as if it hung below the last
 * node of the search path, so a rotation there detaches a subtree, and every document in that
 * subtree silently drops out of `where` range filters (they stay readable by id). Updating
 * products whose prices no other product shares triggers it within a few hundred writes; the
 * chaos suite found it as products missing from price-filtered searches.
 *
 * This replaces the tree's `removeNode` with a correct one (same node layout, rebalancing every
 * node from the removed position up to the root).
 */
interface AvlNode {
  k: number;
  v: Set<unknown>;
  l: AvlNode | null;
  r: AvlNode | null;
  updateHeight(): void;
}

interface AvlTree {
  rebalanceNode(node: AvlNode): AvlNode;
  removeNode(root: AvlNode | null, key: number): AvlNode | null;
}

function removeNode(this: AvlTree, root: AvlNode | null, key: number): AvlNode | null {
  // `chain` is every node from the root down to the lowest node whose subtree changes, each the
  // parent of the next, so rebalancing bottom-up can re-link each rotated subtree to its parent.
  const chain: AvlNode[] = [];
  let current = root;
  while (current !== null && current.k !== key) {
    chain.push(current);
    current = key < current.k ? current.l : current.r;
  }
  if (current === null) return root;

  if (current.l === null || current.r === null) {
    const child = current.l ?? current.r;
    const parent = chain.at(-1);
    if (!parent) return child;
    if (parent.l === current) parent.l = child;
    else parent.r = child;
  } else {
    // Two children: move the in-order successor's key and documents here, unlink the successor.
    chain.push(current);
    let successor = current.r;
    while (successor.l !== null) {
      chain.push(successor);
      successor = successor.l;
    }
    const successorParent = chain.at(-1)!;
    if (successorParent === current) successorParent.r = successor.r;
    else successorParent.l = successor.r;
    current.k = successor.k;
    current.v = successor.v;
  }

  let top: AvlNode | null = root;
  for (let i = chain.length - 1; i >= 0; i--) {
    const node = chain[i]!;
    node.updateHeight();
    const balanced = this.rebalanceNode(node);
    const parent = chain[i - 1];
    if (!parent) top = balanced;
    else if (parent.l === node) parent.l = balanced;
    else parent.r = balanced;
  }
  return top;
}

/**
 * 2. The text index's word lookup copied each word's documents into a fresh list with an
 * `includes` check per document, quadratic in the documents of a word: a word in 10,000 products
 * cost 50 million comparisons, over half of every text query's time at 100,000 products. The
 * documents come from a Set, so they need no check: the same walk, with a plain copy.
 */
interface RadixNode {
  e: boolean;
  w: string;
  d: Set<number>;
  c: Map<string, RadixNode>;
}

type LevenshteinCheck = (term: string, word: string, tolerance: number) => { isBounded: boolean };

function makeFindAllWords(withinTolerance: LevenshteinCheck) {
  return function findAllWords(this: RadixNode, output: Record<string, number[]>, term: string, exact: boolean, tolerance: number) {
    const stack: RadixNode[] = [this];
    while (stack.length > 0) {
      const node = stack.pop()!;
      // As Orama's own: a word node that does not qualify ends the walk below it too.
      if (node.e) {
        const word = node.w;
        if (exact && word !== term) continue;
        if (tolerance && !(Math.abs(term.length - word.length) <= tolerance && withinTolerance(term, word, tolerance).isBounded)) continue;
        // Orama's own sets the list afresh here too, then adds the node's documents one by one.
        output[word] = Array.from(node.d);
      }
      if (node.c.size > 0) stack.push(...node.c.values());
    }
    return output;
  };
}

function applyFixes(): void {
  const probe = create({ schema: { n: 'number', s: 'string' } }) as unknown as { data?: { index?: { indexes?: Record<string, { node?: unknown }> } } };
  const tree = probe.data?.index?.indexes?.n?.node;
  const prototype = tree ? (Object.getPrototypeOf(tree) as Partial<AvlTree>) : undefined;
  if (!prototype || typeof prototype.removeNode !== 'function' || typeof prototype.rebalanceNode !== 'function') {
    throw new Error('@orama/orama internals changed: the AVL removal fix in lib/search/oramaFixes.ts no longer applies; check whether the upstream bug is fixed');
  }
  prototype.removeNode = removeNode;

  // RadixTree extends RadixNode: the method lives on the node class, one prototype up.
  const radix = probe.data?.index?.indexes?.s?.node;
  const nodePrototype = radix ? Object.getPrototypeOf(Object.getPrototypeOf(radix)) as { findAllWords?: unknown } : undefined;
  if (!nodePrototype || typeof nodePrototype.findAllWords !== 'function') {
    throw new Error('@orama/orama internals changed: the word lookup fix in lib/search/oramaFixes.ts no longer applies; check whether the upstream bug is fixed');
  }
  nodePrototype.findAllWords = makeFindAllWords(boundedLevenshtein);
}

applyFixes();
