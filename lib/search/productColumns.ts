import { DEFAULT_RANKING, type Ranking } from './ranking.js';
import { PRICE_BUCKETS, type SearchDocument, type SearchFilters, type SearchQuery, type SearchSort } from './SearchIndex.js';

/**
 * Text matching for {@link ProductColumns.search}: the slots whose text matches every word of
 * `text` with at most `tolerance` typos per word, with their relevance scores, among the slots
 * `accept` lets through.
 */
export type TextMatcher = (text: string, tolerance: number, accept: (slot: number) => boolean) => Map<number, number>;

/** What {@link ProductColumns.search} finds: the total, the requested page's slots and the facet counts of the whole result. */
export interface ColumnSearch {
  readonly total: number;
  readonly page: readonly number[];
  readonly facets: ReturnType<ProductColumns['facets']>;
}

/**
 * The filterable, facetable and sortable values of every indexed product, one typed array per
 * field, addressed by a slot number (the text index's internal document id). A filter, the
 * facet counts and a sort are one pass over flat arrays: at 100,000 products a few milliseconds,
 * where walking per-document objects took tens.
 */
export class ProductColumns {
  private capacity = 0;
  private alive = new Uint8Array(0);
  private seq = new Float64Array(0);
  private nameKey = new Float64Array(0);
  private inStock = new Uint8Array(0);
  private brand = new Int32Array(0);
  private category = new Int32Array(0);
  /** Category path codes per slot (root first). */
  private paths: Int32Array[] = [];
  /** Effective price per currency (NaN: no price in that currency). */
  private prices: Float64Array[];
  /** Per currency: 1 when the price in it is a sale price. */
  private onSale: Uint8Array[];
  private ids: string[] = [];
  private readonly codes = new Map<string, number>();
  private readonly values: string[] = [];

  constructor(readonly currencies: readonly string[]) {
    this.prices = currencies.map(() => new Float64Array(0));
    this.onSale = currencies.map(() => new Uint8Array(0));
  }

  private code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  private grow(slot: number): void {
    if (slot < this.capacity) return;
    const capacity = Math.max(1024, this.capacity * 2, slot + 1);
    const widen = <A extends Uint8Array | Float64Array | Int32Array>(old: A, make: (n: number) => A): A => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.alive = widen(this.alive, (n) => new Uint8Array(n));
    this.seq = widen(this.seq, (n) => new Float64Array(n));
    this.nameKey = widen(this.nameKey, (n) => new Float64Array(n));
    this.inStock = widen(this.inStock, (n) => new Uint8Array(n));
    this.brand = widen(this.brand, (n) => new Int32Array(n));
    this.category = widen(this.category, (n) => new Int32Array(n));
    this.prices = this.prices.map((column) => widen(column, (n) => new Float64Array(n).fill(Number.NaN)));
    this.onSale = this.onSale.map((column) => widen(column, (n) => new Uint8Array(n)));
    this.capacity = capacity;
  }

  /** Stores a product's values in `slot`. */
  set(slot: number, doc: SearchDocument, nameKey: number): void {
    this.grow(slot);
    this.alive[slot] = 1;
    this.seq[slot] = doc.seq;
    this.nameKey[slot] = nameKey;
    this.inStock[slot] = doc.inStock ? 1 : 0;
    this.brand[slot] = this.code(doc.brand);
    this.category[slot] = this.code(doc.categoryId);
    this.paths[slot] = Int32Array.from(doc.categoryPath, (id) => this.code(id));
    this.currencies.forEach((currency, i) => {
      this.prices[i]![slot] = doc.prices[currency] ?? Number.NaN;
      this.onSale[i]![slot] = doc.saleCurrencies?.includes(currency) ? 1 : 0;
    });
    this.ids[slot] = doc.id;
  }

  clear(slot: number): void {
    if (slot < this.capacity) this.alive[slot] = 0;
  }

  idOf(slot: number): string {
    return this.ids[slot]!;
  }

  /**
   * One search: the filters (a scan of the columns), or the text matches they let through —
   * exact words first, and only when those find nothing one typo per word (a fuzzy lookup costs
   * several exact ones, so correctly spelt queries do not pay it) — then the facet counts of the
   * whole result and the page in the requested order.
   */
  search(query: SearchQuery, currency: string, match: TextMatcher): ColumnSearch {
    const accept = this.matcher(query.filters ?? {});
    const text = query.text?.trim() ?? '';
    let slots: number[];
    let scores: Map<number, number> | undefined;
    if (text === '') {
      slots = this.scan(accept);
    } else {
      const ranking = query.ranking ?? DEFAULT_RANKING;
      scores = match(text, ranking.typoTolerance === 'always' ? 1 : 0, accept);
      if (scores.size === 0 && ranking.typoTolerance === 'fallback') scores = match(text, 1, accept);
      slots = [...scores.keys()];
      if (ranking.inStockBoost > 0 || ranking.onSaleBoost > 0 || ranking.recencyBoost > 0) this.boost(scores, ranking, currency);
    }
    const facets = this.facets(slots, currency);
    const page = firstInOrder(slots, query.offset + query.limit, this.comparator(query.sort ?? 'RELEVANCE', currency, scores)).slice(query.offset);
    return { total: slots.length, page, facets };
  }

  /** Multiplies scores by the variant's in-stock, on-sale (in `currency`) and recency factors (newness by creation order, 0 oldest … 1 newest). */
  private boost(scores: Map<number, number>, ranking: Ranking, currency: string): void {
    const onSale = this.onSale[this.currencies.indexOf(currency)]!;
    let min = Infinity;
    let max = -Infinity;
    for (const slot of scores.keys()) {
      min = Math.min(min, this.seq[slot]!);
      max = Math.max(max, this.seq[slot]!);
    }
    const span = max - min || 1;
    for (const [slot, score] of scores) {
      const stock = (this.inStock[slot] ? 1 + ranking.inStockBoost : 1) * (onSale[slot] ? 1 + ranking.onSaleBoost : 1);
      const recency = 1 + ranking.recencyBoost * ((this.seq[slot]! - min) / span);
      scores.set(slot, score * stock * recency);
    }
  }

  /** A test for one slot that applies `filters` (AND across filters, OR inside one). */
  matcher(filters: SearchFilters): (slot: number) => boolean {
    const wanted = (values: readonly string[] | undefined) => {
      if (!values?.length) return null;
      const set = new Set<number>();
      for (const value of values) {
        const code = this.codes.get(value);
        if (code !== undefined) set.add(code);
      }
      return set;
    };
    const categories = wanted(filters.categoryIds);
    const brands = wanted(filters.brands);
    const inStock = filters.inStock === undefined ? -1 : filters.inStock ? 1 : 0;
    const price = filters.price ? this.prices[this.currencies.indexOf(filters.price.currency)]! : null;
    const min = filters.price?.min ?? Number.NEGATIVE_INFINITY;
    const max = filters.price?.max ?? Number.POSITIVE_INFINITY;
    const { alive, brand, paths } = this;
    const stock = this.inStock;
    return (slot) => {
      if (alive[slot] !== 1) return false;
      if (inStock >= 0 && stock[slot] !== inStock) return false;
      if (brands && !brands.has(brand[slot]!)) return false;
      if (price) {
        const amount = price[slot]!;
        if (!(amount >= min && amount <= max)) return false; // NaN (no price) fails both
      }
      if (categories) {
        const path = paths[slot]!;
        let found = false;
        for (let i = 0; i < path.length && !found; i++) found = categories.has(path[i]!);
        if (!found) return false;
      }
      return true;
    };
  }

  /** Every live slot that passes `accept`, in slot order. */
  scan(accept: (slot: number) => boolean): number[] {
    const slots: number[] = [];
    for (let slot = 0; slot < this.capacity; slot++) if (accept(slot)) slots.push(slot);
    return slots;
  }

  /** Brand, leaf category and price-bucket counts over `slots`. */
  facets(slots: readonly number[], currency: string): { brand: [string, number][]; category: [string, number][]; priceBuckets: number[] } {
    const brandCounts = new Map<number, number>();
    const categoryCounts = new Map<number, number>();
    const buckets = PRICE_BUCKETS.map(() => 0);
    const price = this.prices[this.currencies.indexOf(currency)]!;
    for (const slot of slots) {
      const b = this.brand[slot]!;
      brandCounts.set(b, (brandCounts.get(b) ?? 0) + 1);
      const c = this.category[slot]!;
      categoryCounts.set(c, (categoryCounts.get(c) ?? 0) + 1);
      const amount = price[slot]!;
      if (amount === amount) { // not NaN
        let bucket = PRICE_BUCKETS.length - 1;
        while (bucket > 0 && amount < PRICE_BUCKETS[bucket]!) bucket--;
        if (amount >= PRICE_BUCKETS[0]!) buckets[bucket]!++;
      }
    }
    const named = (counts: Map<number, number>) => [...counts].map(([code, n]) => [this.values[code]!, n] as [string, number]);
    return { brand: named(brandCounts), category: named(categoryCounts), priceBuckets: buckets };
  }

  /**
   * The order of a sort, as a comparison of two slots: ties (and RELEVANCE without text) by
   * `seq`, catalog order; products without a price in `currency` last in price sorts.
   */
  comparator(sort: SearchSort, currency: string, scores?: ReadonlyMap<number, number>): (a: number, b: number) => number {
    const { seq, nameKey } = this;
    const bySeq = (a: number, b: number) => seq[a]! - seq[b]!;
    const price = this.prices[this.currencies.indexOf(currency)]!;
    const byPrice = (direction: 1 | -1) => (a: number, b: number) => {
      const pa = price[a]!;
      const pb = price[b]!;
      if (pa !== pa || pb !== pb) return pa !== pa ? (pb !== pb ? bySeq(a, b) : 1) : -1;
      return (pa - pb) * direction || bySeq(a, b);
    };
    switch (sort) {
      case 'PRICE_ASC': return byPrice(1);
      case 'PRICE_DESC': return byPrice(-1);
      case 'NAME': return (a, b) => nameKey[a]! - nameKey[b]! || bySeq(a, b);
      case 'NEWEST': return (a, b) => seq[b]! - seq[a]!;
      case 'RELEVANCE': return scores ? (a, b) => scores.get(b)! - scores.get(a)! || bySeq(a, b) : bySeq;
    }
  }
}

/**
 * The first `count` of `slots` in `compare` order (the page and everything before it): a bounded
 * max-heap when the page is small against the result set, else a full sort.
 */
export function firstInOrder(slots: number[], count: number, compare: (a: number, b: number) => number): number[] {
  if (count <= 0) return [];
  if (count * 8 >= slots.length) return slots.sort(compare).slice(0, count);
  // Max-heap (by `compare`) of the best `count` so far: its root is the worst of them.
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i]!, heap[parent]!) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && compare(heap[left]!, heap[worst]!) > 0) worst = left;
      if (right < heap.length && compare(heap[right]!, heap[worst]!) > 0) worst = right;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (const slot of slots) {
    if (heap.length < count) {
      heap.push(slot);
      up(heap.length - 1);
    } else if (compare(slot, heap[0]!) < 0) {
      heap[0] = slot;
      down(0);
    }
  }
  return heap.sort(compare);
}
