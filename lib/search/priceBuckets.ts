import { PRICE_BUCKETS, type PriceRangeCount } from './SearchIndex.js';

/** The price facet buckets (min inclusive, max exclusive, last open-ended) with zero counts. */
export function emptyPriceRanges(currency: string): PriceRangeCount[] {
  return PRICE_BUCKETS.map((min, i) => ({ min, max: PRICE_BUCKETS[i + 1] ?? null, currency, count: 0 }));
}

/** Facet values sorted by count descending, then value, as every adapter reports them. */
export function sortFacet(counts: Iterable<[string, number]>): { value: string; count: number }[] {
  return [...counts].filter(([, count]) => count > 0).map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
