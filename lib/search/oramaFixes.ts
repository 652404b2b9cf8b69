import { create } from '@orama/orama';
import { boundedLevenshtein } from '@orama/orama/internals';

// A fix to @orama/orama 3.1.x internals, applied once at load (import this module before
// creating an index). The class is not exported, so it is reached through a throwaway database;
// if Orama's internals change shape this throws at load instead of leaving the bug in place.

/**
 * The text index's word lookup copied each word's documents into a fresh list with an
 * `includes` check per document, quadratic in the documents of a word: a word in 10,000 products
 * cost 50 million comparisons, the largest item of a text query's CPU profile at 100,000 products. The
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

function applyFix(): void {
  const probe = create({ schema: { s: 'string' } }) as unknown as { data?: { index?: { indexes?: Record<string, { node?: unknown }> } } };
  // RadixTree extends RadixNode: the method lives on the node class, one prototype up.
  const radix = probe.data?.index?.indexes?.s?.node;
  const nodePrototype = radix ? Object.getPrototypeOf(Object.getPrototypeOf(radix)) as { findAllWords?: unknown } : undefined;
  if (!nodePrototype || typeof nodePrototype.findAllWords !== 'function') {
    throw new Error('@orama/orama internals changed: the word lookup fix in lib/search/oramaFixes.ts no longer applies; check whether the upstream bug is fixed');
  }
  nodePrototype.findAllWords = makeFindAllWords(boundedLevenshtein);
}

applyFix();
