import { DEFAULT_RANKING, type Ranking } from './ranking.js';
import { PRICE_BUCKETS, type SearchDocument, type SearchFilters, type SearchQuery, type SearchSort } from './SearchIndex.js';
import { SlotPostings } from './slotPostings.js';
import { SortedSlots } from './sortedSlots.js';

/**
 * Text matching for {@link ProductColumns.search}: the slots whose text matches every word of
 * `text` with at most `tolerance` typos per word, with their relevance scores, among the slots
 * `accept` lets through.
 */
/** What a text match gives the columns: the matched slots and their scores. */
export interface TextMatches {
  readonly size: number;
  /** The matched slots, in no particular order (may be a view: read it before matching again). */
  readonly slots: ArrayLike<number>;
  get(slot: number): number;
  set(slot: number, score: number): unknown;
}

/** {@link TextMatches} of scores in a `Map` (a matcher of another engine's results). */
export function textMatchesOf(scores: Map<number, number>): TextMatches {
  return { size: scores.size, slots: Int32Array.from(scores.keys()), get: (slot) => scores.get(slot) ?? 0, set: (slot, score) => scores.set(slot, score) };
}

export type TextMatcher = (text: string, tolerance: number, accept: (slot: number) => boolean) => TextMatches;

/** Brand, leaf category and price-bucket counts of a result set. */
export interface ColumnFacets {
  readonly brand: [string, number][];
  readonly category: [string, number][];
  /** Counts per {@link PRICE_BUCKETS} bucket, in order. */
  readonly priceBuckets: number[];
}

/** What {@link ProductColumns.search} finds: the total, the requested page's slots and the facet counts of the whole result. */
export interface ColumnSearch {
  readonly total: number;
  readonly page: readonly number[];
  readonly facets: ColumnFacets;
}

/** A product's place in the category tree: its leaf and the path down to it (interned: a catalog has few). */
interface Placement {
  readonly categoryId: string;
  readonly path: readonly string[];
}

/** A filter turned into lookup tables by value code (null: that filter is not set). */
interface CompiledFilter {
  readonly brands: Uint8Array | null;
  readonly placements: Uint8Array | null;
  /** -1: any; 0 or 1: inStock must equal it. */
  readonly inStock: number;
  readonly price: Float64Array | null;
  readonly min: number;
  readonly max: number;
}

/** Bucket column value of a product without a price in that currency (or below the first bucket). */
const NO_BUCKET = PRICE_BUCKETS.length;
/** A sorted order may lag this share of the products' writes (they are merged in at query time) before it is rebuilt. */
const STALE_SHARE = 1 / 32;

/**
 * The filterable, facetable and sortable values of every indexed product, one typed array per
 * field, addressed by a slot number (the text index's internal document id).
 *
 * - Filters: brand, placement (category and path) and stock keep a list of slots per value
 *   ({@link SlotPostings}), so a filter walks the smallest of its lists, not every product; the
 *   other filters of the query are lookups in tables by value code.
 * - Facets: one pass over the result counting into arrays indexed by value code (the price
 *   bucket of every product is stored per currency).
 * - Sorts: each order (NAME, NEWEST, catalog, PRICE_* per currency) is sorted once when first
 *   asked for and then walked until the page is full ({@link SortedSlots}); products written
 *   since are merged in, and the order is rebuilt when they reach {@link STALE_SHARE}. A result
 *   set small against the catalog takes a bounded heap instead.
 */
export class ProductColumns {
  private capacity = 0;
  /** Live products. */
  private live = 0;
  private alive = new Uint8Array(0);
  private seq = new Float64Array(0);
  private nameKey = new Float64Array(0);
  /** Leaf category code per slot (for the category facet). */
  private readonly brand = new SlotPostings();
  private readonly placement = new SlotPostings();
  private readonly stock = new SlotPostings();
  /** Effective price per currency (NaN: no price in that currency). */
  private prices: Float64Array[];
  /** Per currency: the price bucket of each slot ({@link NO_BUCKET}: none). */
  private buckets: Uint8Array[];
  /** Per currency: live products per bucket (the last entry: without a price), for the facets of an unfiltered search. */
  private readonly bucketTotals: Int32Array[];
  /** Per currency: 1 when the price in it is a sale price. */
  private onSale: Uint8Array[];
  private ids: string[] = [];
  private readonly brandCodes = new Map<string, number>();
  private readonly brandNames: string[] = [];
  /** Per leaf category, the codes of its placements. */
  private readonly placementCodes = new Map<string, number[]>();
  private readonly placements: Placement[] = [];
  /** Per placement code: the code of its leaf category in {@link leafNames}. */
  private leafOf = new Int32Array(0);
  private readonly leafCodes = new Map<string, number>();
  private readonly leafNames: string[] = [];
  /** Sorted orders by name (`NAME`, `PRICE_ASC:EUR`…), built on first use. */
  private readonly orders = new Map<string, SortedSlots>();
  /** Slots written since each order was built: an order reads the log from its own position. */
  private log: number[] = [];
  /** The log length at which {@link forgetStale} runs next. */
  private nextLogCheck = 64;
  /** Scratch, one byte per slot, all zero between searches. */
  private marks = new Uint8Array(0);
  /** Scratch for the slots of a result set. */
  private found = new Int32Array(0);
  /** Scratch: the relevance score of each slot of a text search's result (the others hold stale values). */
  private scores = new Float64Array(0);

  constructor(readonly currencies: readonly string[]) {
    this.prices = currencies.map(() => new Float64Array(0));
    this.buckets = currencies.map(() => new Uint8Array(0));
    this.bucketTotals = currencies.map(() => new Int32Array(NO_BUCKET + 1));
    this.onSale = currencies.map(() => new Uint8Array(0));
  }

  private grow(slot: number): void {
    if (slot < this.capacity) return;
    const capacity = Math.max(1024, this.capacity * 2, slot + 1);
    const widen = <A extends Uint8Array | Float64Array>(old: A, make: (n: number) => A): A => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.alive = widen(this.alive, (n) => new Uint8Array(n));
    this.marks = new Uint8Array(capacity);
    this.found = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
    this.seq = widen(this.seq, (n) => new Float64Array(n));
    this.nameKey = widen(this.nameKey, (n) => new Float64Array(n));
    this.prices = this.prices.map((column) => widen(column, (n) => new Float64Array(n).fill(Number.NaN)));
    this.buckets = this.buckets.map((column) => widen(column, (n) => new Uint8Array(n).fill(NO_BUCKET)));
    this.onSale = this.onSale.map((column) => widen(column, (n) => new Uint8Array(n)));
    for (const postings of [this.brand, this.placement, this.stock]) postings.grow(capacity);
    this.capacity = capacity;
  }

  private brandCode(brand: string): number {
    let code = this.brandCodes.get(brand);
    if (code === undefined) {
      code = this.brandNames.push(brand) - 1;
      this.brandCodes.set(brand, code);
    }
    return code;
  }

  private placementCode(categoryId: string, path: readonly string[]): number {
    // A leaf has one path, or a few: found by comparing them (no key string made per product).
    const codes = this.placementCodes.get(categoryId);
    if (codes) for (const known of codes) if (samePath(this.placements[known]!.path, path)) return known;
    const code = this.placements.push({ categoryId, path: [...path] }) - 1;
    if (codes) codes.push(code);
    else this.placementCodes.set(categoryId, [code]);
    let leaf = this.leafCodes.get(categoryId);
    if (leaf === undefined) {
      leaf = this.leafNames.push(categoryId) - 1;
      this.leafCodes.set(categoryId, leaf);
    }
    if (code >= this.leafOf.length) {
      const next = new Int32Array(Math.max(16, this.leafOf.length * 2));
      next.set(this.leafOf);
      this.leafOf = next;
    }
    this.leafOf[code] = leaf;
    return code;
  }

  private touched(slot: number): void {
    if (this.orders.size === 0) return;
    this.log.push(slot);
    if (this.log.length >= this.nextLogCheck) this.forgetStale();
  }

  /**
   * Drops the orders too far behind the writes to be walked (the next search that wants one
   * rebuilds it) and the part of the log that every remaining order is past.
   */
  private forgetStale(): void {
    const limit = this.live * STALE_SHARE;
    for (const [name, order] of this.orders) if (this.log.length - order.logPosition > limit) this.orders.delete(name);
    let oldest = this.log.length;
    for (const order of this.orders.values()) oldest = Math.min(oldest, order.logPosition);
    this.log = this.log.slice(oldest);
    for (const order of this.orders.values()) order.logPosition -= oldest;
    this.nextLogCheck = this.log.length + Math.max(64, Math.ceil(limit));
  }

  /** Stores a product's values in `slot`. */
  set(slot: number, doc: SearchDocument, nameKey: number): void {
    this.grow(slot);
    const { currencies, buckets, bucketTotals } = this;
    if (this.alive[slot] === 1) for (let i = 0; i < buckets.length; i++) bucketTotals[i]![buckets[i]![slot]!]!--;
    else this.live++;
    this.alive[slot] = 1;
    this.seq[slot] = doc.seq;
    this.nameKey[slot] = nameKey;
    this.stock.set(slot, doc.inStock ? 1 : 0);
    this.brand.set(slot, this.brandCode(doc.brand));
    this.placement.set(slot, this.placementCode(doc.categoryId, doc.categoryPath));
    for (let i = 0; i < currencies.length; i++) {
      const amount = doc.prices[currencies[i]!];
      this.prices[i]![slot] = amount ?? Number.NaN;
      const bucket = amount === undefined ? NO_BUCKET : bucketOf(amount);
      buckets[i]![slot] = bucket;
      bucketTotals[i]![bucket]!++;
      this.onSale[i]![slot] = doc.saleCurrencies?.includes(currencies[i]!) ? 1 : 0;
    }
    this.ids[slot] = doc.id;
    this.touched(slot);
  }

  clear(slot: number): void {
    if (slot >= this.capacity || this.alive[slot] !== 1) return;
    this.alive[slot] = 0;
    this.live--;
    this.buckets.forEach((bucket, i) => this.bucketTotals[i]![bucket[slot]!]!--);
    this.brand.remove(slot);
    this.placement.remove(slot);
    this.stock.remove(slot);
    this.touched(slot);
  }

  idOf(slot: number): string {
    return this.ids[slot]!;
  }

  /** The brand of a live slot. */
  brandOf(slot: number): string {
    return this.brandNames[this.brand.valueOf(slot)]!;
  }

  /** The stored values of a live slot that a document is rebuilt from (see `documentStore.ts`). */
  valuesOf(slot: number): { seq: number; brand: string; categoryId: string; categoryPath: readonly string[]; inStock: boolean; prices: Map<string, number>; onSale: string[] } {
    const placement = this.placements[this.placement.valueOf(slot)]!;
    const prices = new Map<string, number>();
    const onSale: string[] = [];
    this.currencies.forEach((currency, i) => {
      const amount = this.prices[i]![slot]!;
      if (amount === amount) prices.set(currency, amount);
      if (this.onSale[i]![slot] === 1) onSale.push(currency);
    });
    return {
      seq: this.seq[slot]!, brand: this.brandOf(slot), categoryId: placement.categoryId, categoryPath: placement.path,
      inStock: this.stock.valueOf(slot) === 1, prices, onSale,
    };
  }

  /**
   * One search: the filters (the smallest list of slots among the filtered values, checked
   * against the others), or the text matches they let through — exact words first, and only when
   * those find nothing one typo per word (a fuzzy lookup costs several exact ones, so correctly
   * spelt queries do not pay it) — then the facet counts of the whole result and the page in the
   * requested order.
   */
  search(query: SearchQuery, currency: string, match: TextMatcher): ColumnSearch {
    const filter = this.compile(query.filters ?? {});
    const sort = query.sort ?? 'RELEVANCE';
    const text = query.text?.trim() ?? '';
    if (text === '') {
      const { total, slots, facets } = this.filtered(filter, currency);
      return { total, facets, page: this.page(filter, slots, total, query.offset, query.limit, sort, currency) };
    }
    const accept = this.accepter(filter);
    const ranking = query.ranking ?? DEFAULT_RANKING;
    let matches = match(text, ranking.typoTolerance === 'always' ? 1 : 0, accept);
    if (matches.size === 0 && ranking.typoTolerance === 'fallback') matches = match(text, 1, accept);
    const { slots } = matches;
    if (ranking.inStockBoost > 0 || ranking.onSaleBoost > 0 || ranking.recencyBoost > 0) this.boost(matches, ranking, currency);
    const count = Math.min(query.offset + query.limit, slots.length);
    let page: number[] = [];
    if (count > query.offset) {
      let compare = this.comparator(sort, currency);
      if (sort === 'RELEVANCE') {
        const score = this.scores;
        for (let i = 0; i < slots.length; i++) score[slots[i]!] = matches.get(slots[i]!);
        compare = this.byScore(score);
      }
      page = firstInOrder(slots, count, compare).slice(query.offset);
    }
    return { total: slots.length, page, facets: this.facets(slots, currency) };
  }

  /** Multiplies scores by the variant's in-stock, on-sale (in `currency`) and recency factors (newness by creation order, 0 oldest … 1 newest). */
  private boost(matches: TextMatches, ranking: Ranking, currency: string): void {
    const onSale = this.onSale[this.currencies.indexOf(currency)]!;
    const inStock = this.stock.values;
    const { slots } = matches;
    const { seq } = this;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < slots.length; i++) {
      min = Math.min(min, seq[slots[i]!]!);
      max = Math.max(max, seq[slots[i]!]!);
    }
    const span = max - min || 1;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const stock = (inStock[slot] === 1 ? 1 + ranking.inStockBoost : 1) * (onSale[slot] ? 1 + ranking.onSaleBoost : 1);
      const recency = 1 + ranking.recencyBoost * ((seq[slot]! - min) / span);
      matches.set(slot, matches.get(slot) * stock * recency);
    }
  }

  private compile(filters: SearchFilters): CompiledFilter {
    let brands: Uint8Array | null = null;
    if (filters.brands?.length) {
      brands = new Uint8Array(this.brandNames.length);
      for (const name of filters.brands) {
        const code = this.brandCodes.get(name);
        if (code !== undefined) brands[code] = 1;
      }
    }
    let placements: Uint8Array | null = null;
    if (filters.categoryIds?.length) {
      const wanted = new Set(filters.categoryIds);
      placements = Uint8Array.from(this.placements, (p) => (p.path.some((id) => wanted.has(id)) ? 1 : 0));
    }
    return {
      brands, placements,
      inStock: filters.inStock === undefined ? -1 : filters.inStock ? 1 : 0,
      price: filters.price ? this.prices[this.currencies.indexOf(filters.price.currency)]! : null,
      min: filters.price?.min ?? Number.NEGATIVE_INFINITY,
      max: filters.price?.max ?? Number.POSITIVE_INFINITY,
    };
  }

  /** A test for one slot that applies `filters` (AND across filters, OR inside one). */
  matcher(filters: SearchFilters): (slot: number) => boolean {
    return this.accepter(this.compile(filters));
  }

  private accepter(filter: CompiledFilter): (slot: number) => boolean {
    const { alive } = this;
    const { brands, placements, inStock, price, min, max } = filter;
    const brand = this.brand.values;
    const placement = this.placement.values;
    const stock = this.stock.values;
    return (slot) => alive[slot] === 1
      && (inStock < 0 || stock[slot] === inStock)
      && (brands === null || brands[brand[slot]!] === 1)
      && (placements === null || placements[placement[slot]!] === 1)
      && (price === null || (price[slot]! >= min && price[slot]! <= max)); // NaN (no price) fails
  }

  /**
   * The slots that pass `filter` (null: every live slot, when nothing is filtered) and their facet
   * counts, in one pass over the candidates of the filtered value with the fewest products (every
   * slot when only the price is filtered), each checked against the rest of the filter. Without
   * filters, the counts are the ones kept up to date by every write.
   */
  private filtered(filter: CompiledFilter, currency: string): { total: number; slots: Int32Array | null; facets: ColumnFacets } {
    const at = this.currencies.indexOf(currency);
    if (!filter.brands && !filter.placements && filter.inStock < 0 && !filter.price) {
      const { brandCounts, placementCounts, bucketCounts } = this.counters(at);
      return { total: this.live, slots: null, facets: this.named(brandCounts, placementCounts, bucketCounts) };
    }
    type Source = { size: number; lists: Int32Array[] } | null;
    const sources: Source[] = [
      filter.brands && this.brand.selected(filter.brands),
      filter.placements && this.placement.selected(filter.placements),
      filter.inStock >= 0 ? { size: this.stock.size(filter.inStock), lists: [this.stock.list(filter.inStock)] } : null,
    ];
    let best: Source = null;
    for (const source of sources) if (source && (!best || source.size < best.size)) best = source;
    if (best !== null && sources.filter(Boolean).length === 1 && !filter.price && best.size * 2 > this.live) return this.complement(filter, at, best.size);
    if (filter.price !== null && (best === null || best.size * 8 > this.live)) {
      // The price order of the filter's currency gives the size of its range; a narrow range is
      // read from it (its slots are in price order: scattered over the columns, so only when
      // few), a wide one passes over the columns in slot order.
      const currencyAt = this.prices.indexOf(filter.price);
      const order = this.order(`PRICE_ASC:${this.currencies[currencyAt]}`, this.comparator('PRICE_ASC', this.currencies[currencyAt]!), filter.price);
      const { from, to } = order.range(filter.min, filter.max);
      if ((to - from) * 8 <= this.live && (best === null || to - from < best.size)) return this.priceRange(filter, at, order, from, to);
      if (best === null && (to - from) * 2 > this.live) return this.priceComplement(filter, at);
    }
    const { brandCounts, placementCounts, bucketCounts } = this.counters();
    const bucket = this.buckets[at]!;
    const brand = this.brand.values;
    const placement = this.placement.values;
    const stock = this.stock.values;
    const { alive } = this;
    const { brands, placements, inStock, price, min, max } = filter;
    const out = this.found;
    let n = 0;
    // The filter's test, inlined: this loop visits up to every product.
    const visit = (list: ArrayLike<number>, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const slot = list === alive ? i : list[i]!;
        if (alive[slot] !== 1) continue;
        if (inStock >= 0 && stock[slot] !== inStock) continue;
        const b = brand[slot]!;
        if (brands !== null && brands[b] !== 1) continue;
        const p = placement[slot]!;
        if (placements !== null && placements[p] !== 1) continue;
        if (price !== null && !(price[slot]! >= min && price[slot]! <= max)) continue; // NaN (no price) fails
        out[n++] = slot;
        brandCounts[b]!++;
        placementCounts[p]!++;
        bucketCounts[bucket[slot]!]!++;
      }
    };
    if (best === null) visit(alive, 0, this.capacity);
    else for (const list of best.lists) visit(list, 0, list.length);
    return { total: n, slots: out.subarray(0, n), facets: this.named(brandCounts, placementCounts, bucketCounts) };
  }

  /**
   * A filter on one value kind (brand, category or stock) that most products pass: the facets are
   * the counts kept by the writes less those of the products it leaves out, which are fewer.
   */
  private complement(filter: CompiledFilter, at: number, total: number): { total: number; slots: null; facets: ColumnFacets } {
    const invert = (wanted: Uint8Array) => Uint8Array.from(wanted, (v) => (v === 1 ? 0 : 1));
    const { lists } = filter.brands ? this.brand.selected(invert(filter.brands))
      : filter.placements ? this.placement.selected(invert(filter.placements))
      : { lists: [this.stock.list(1 - filter.inStock)] };
    const { brandCounts, placementCounts, bucketCounts } = this.counters(at);
    const bucket = this.buckets[at]!;
    const brand = this.brand.values;
    const placement = this.placement.values;
    for (const list of lists) {
      for (let i = 0; i < list.length; i++) {
        const slot = list[i]!;
        brandCounts[brand[slot]!]!--;
        placementCounts[placement[slot]!]!--;
        bucketCounts[bucket[slot]!]!--;
      }
    }
    return { total, slots: null, facets: this.named(brandCounts, placementCounts, bucketCounts) };
  }

  /**
   * The result of `filter` from the positions `from` … `to` of the price order (those within the
   * price range at its build) and the slots written since, each checked against the whole filter.
   */
  private priceRange(filter: CompiledFilter, at: number, order: SortedSlots, from: number, to: number): { total: number; slots: Int32Array; facets: ColumnFacets } {
    const accept = this.accepter(filter);
    const { brandCounts, placementCounts, bucketCounts } = this.counters();
    const bucket = this.buckets[at]!;
    const brand = this.brand.values;
    const placement = this.placement.values;
    const out = this.found;
    const { marks, log } = this;
    let n = 0;
    const take = (slot: number) => {
      out[n++] = slot;
      brandCounts[brand[slot]!]!++;
      placementCounts[placement[slot]!]!++;
      bucketCounts[bucket[slot]!]!++;
    };
    for (let i = order.logPosition; i < log.length; i++) {
      const slot = log[i]!;
      if (marks[slot] === 1) continue;
      marks[slot] = 1;
      if (accept(slot)) take(slot);
    }
    const slots = order.order;
    for (let i = from; i < to; i++) {
      const slot = slots[i]!;
      if (marks[slot] !== 1 && accept(slot)) take(slot);
    }
    for (let i = order.logPosition; i < log.length; i++) marks[log[i]!] = 0;
    return { total: n, slots: out.subarray(0, n), facets: this.named(brandCounts, placementCounts, bucketCounts) };
  }

  /**
   * A price filter alone that most products pass: the kept totals less the products outside the
   * range, found in one pass over the price column in slot order.
   */
  private priceComplement(filter: CompiledFilter, at: number): { total: number; slots: null; facets: ColumnFacets } {
    const { brandCounts, placementCounts, bucketCounts } = this.counters(at);
    const bucket = this.buckets[at]!;
    const brand = this.brand.values;
    const placement = this.placement.values;
    const price = filter.price!;
    const { min, max } = filter;
    const { alive, capacity } = this;
    let left = 0;
    for (let slot = 0; slot < capacity; slot++) {
      if (alive[slot] !== 1) continue;
      const amount = price[slot]!;
      if (amount >= min && amount <= max) continue; // NaN (no price) is left out
      left++;
      brandCounts[brand[slot]!]!--;
      placementCounts[placement[slot]!]!--;
      bucketCounts[bucket[slot]!]!--;
    }
    return { total: this.live - left, slots: null, facets: this.named(brandCounts, placementCounts, bucketCounts) };
  }

  /** Facets from counts by brand code, placement code and bucket. */
  /**
   * Facet counters by value code (the last price bucket: no price): at zero, or — given the
   * currency's position `at` — at the whole catalog's totals, which the writes keep.
   */
  private counters(at?: number): { brandCounts: Int32Array; placementCounts: Int32Array; bucketCounts: Int32Array } {
    if (at === undefined) {
      return { brandCounts: new Int32Array(this.brandNames.length), placementCounts: new Int32Array(this.placements.length), bucketCounts: new Int32Array(NO_BUCKET + 1) };
    }
    return {
      brandCounts: Int32Array.from(this.brandNames, (_, code) => this.brand.size(code)),
      placementCounts: Int32Array.from(this.placements, (_, code) => this.placement.size(code)),
      bucketCounts: Int32Array.from(this.bucketTotals[at]!),
    };
  }

  private named(brandCounts: Int32Array, placementCounts: Int32Array, bucketCounts: Int32Array): ColumnFacets {
    const leafCounts = new Int32Array(this.leafNames.length);
    placementCounts.forEach((count, code) => {
      leafCounts[this.leafOf[code]!]! += count;
    });
    const named = (counts: Int32Array, names: readonly string[]) => {
      const out: [string, number][] = [];
      counts.forEach((count, code) => {
        if (count > 0) out.push([names[code]!, count]);
      });
      return out;
    };
    return {
      brand: named(brandCounts, this.brandNames),
      category: named(leafCounts, this.leafNames),
      priceBuckets: Array.from(bucketCounts.subarray(0, NO_BUCKET)),
    };
  }

  /** Brand, leaf category and price-bucket counts over `slots`, in one pass of array increments. */
  facets(slots: ArrayLike<number>, currency: string): ColumnFacets {
    const { brandCounts, placementCounts, bucketCounts } = this.counters();
    const bucket = this.buckets[this.currencies.indexOf(currency)]!;
    const brand = this.brand.values;
    const placement = this.placement.values;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      brandCounts[brand[slot]!]!++;
      placementCounts[placement[slot]!]!++;
      bucketCounts[bucket[slot]!]!++;
    }
    return this.named(brandCounts, placementCounts, bucketCounts);
  }

  /**
   * The slots at `offset` … `offset + limit` of a filtered result (`slots`, or every live slot
   * when null: then at least half of them) in `sort` order: a walk of the sorted order, testing
   * each slot against the filter, when the result set is a large share of the products, else a
   * bounded heap over `slots`.
   */
  private page(filter: CompiledFilter, slots: Int32Array | null, total: number, offset: number, limit: number, sort: SearchSort, currency: string): number[] {
    const count = Math.min(offset + limit, total);
    if (count <= offset) return [];
    const compare = this.comparator(sort, currency);
    // A walk visits about count × live / total slots of the order; the heap looks at every slot of the result once.
    if (slots !== null && count * this.live > total * total) return firstInOrder(slots, count, compare).slice(offset);
    const order = this.order(sort === 'PRICE_ASC' || sort === 'PRICE_DESC' ? `${sort}:${currency}` : sort, compare);
    // The estimate assumes the set is spread over the order; when it is bunched far down it
    // (names start with the brand: a brand filter in NAME order), the walk gives up after as
    // many steps as the heap would take and the heap does it.
    const page = order.walk(this.accepter(filter), this.log, this.marks, offset, count, compare, slots === null ? Infinity : total);
    return page ?? firstInOrder(slots!, count, compare).slice(offset);
  }

  /** The sorted order named `name` (`NAME`, `PRICE_ASC:EUR`…), built now when missing or too far behind the writes. */
  private order(name: string, compare: (a: number, b: number) => number, key?: Float64Array): SortedSlots {
    let order = this.orders.get(name);
    if (!order || this.log.length - order.logPosition > this.live * STALE_SHARE || (key && !order.keys)) {
      order = SortedSlots.build(this.alive, this.capacity, compare, this.log.length, key);
      this.orders.set(name, order);
    }
    return order;
  }

  /**
   * The order of a sort, as a comparison of two slots: ties (and RELEVANCE without text) by
   * `seq`, catalog order; products without a price in `currency` last in price sorts.
   */
  // Comparators answer -1, 1 or a difference of small integers: a fractional or large number
  // returned from a call is a heap allocation, and a page of a large result compares thousands of times.
  comparator(sort: SearchSort, currency: string): (a: number, b: number) => number {
    const { seq, nameKey } = this;
    const bySeq = (a: number, b: number) => seq[a]! - seq[b]!;
    const price = this.prices[this.currencies.indexOf(currency)]!;
    const byPrice = (direction: 1 | -1) => (a: number, b: number) => {
      const pa = price[a]!;
      const pb = price[b]!;
      if (pa !== pa || pb !== pb) return pa !== pa ? (pb !== pb ? bySeq(a, b) : 1) : -1;
      return pa < pb ? -direction : pa > pb ? direction : bySeq(a, b);
    };
    switch (sort) {
      case 'PRICE_ASC': return byPrice(1);
      case 'PRICE_DESC': return byPrice(-1);
      case 'NAME': return (a, b) => (nameKey[a]! < nameKey[b]! ? -1 : nameKey[a]! > nameKey[b]! ? 1 : bySeq(a, b));
      case 'NEWEST': return (a, b) => seq[b]! - seq[a]!;
      case 'RELEVANCE': return bySeq;
    }
  }

  /** Highest `score` first, then catalog order. */
  private byScore(score: Float64Array): (a: number, b: number) => number {
    const { seq } = this;
    return (a, b) => (score[a]! > score[b]! ? -1 : score[a]! < score[b]! ? 1 : seq[a]! - seq[b]!);
  }
}

/** The {@link PRICE_BUCKETS} bucket of an amount ({@link NO_BUCKET} below the first). */
function bucketOf(amount: number): number {
  if (!(amount >= PRICE_BUCKETS[0]!)) return NO_BUCKET;
  let bucket = PRICE_BUCKETS.length - 1;
  while (bucket > 0 && amount < PRICE_BUCKETS[bucket]!) bucket--;
  return bucket;
}

/**
 * The first `count` of `slots` in `compare` order (the page and everything before it): a bounded
 * max-heap when the page is small against the result set, else a full sort of a copy.
 */
export function firstInOrder(slots: ArrayLike<number>, count: number, compare: (a: number, b: number) => number): number[] {
  if (count <= 0) return [];
  if (count * 8 >= slots.length) return Array.from(slots).sort(compare).slice(0, count);
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
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
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

function samePath(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
