import type { ProductColumns } from './productColumns.js';
import type { SearchDocument } from './SearchIndex.js';

/**
 * The keys of a document's records and its sale currencies: a catalog has few of these, so each
 * is kept once and a document points at it.
 */
interface Shape {
  readonly priceKeys: readonly string[];
  /** The price keys the columns do not hold (currencies not indexed). */
  readonly otherPriceKeys: readonly string[];
  readonly stockKeys: readonly string[];
  readonly versionPriceKeys: readonly string[];
  readonly versionStockKeys: readonly string[];
  /** null: the document had no `saleCurrencies`. */
  readonly saleCurrencies: readonly string[] | null;
  /** Numbers kept per document: prices the columns do not hold, stock, the product version, price and stock versions. */
  readonly size: number;
}

/** The texts of a stored document. */
export interface DocumentTexts {
  readonly name: string;
  readonly brand: string;
  readonly description: string;
  readonly attributes: string;
}

/**
 * The documents of one index generation, without a copy of what the columns hold: a product's
 * texts are the strings it came with (the text index keeps the same ones), its seq, brand,
 * category, indexed prices and stock flag are read back from {@link ProductColumns}, and the
 * rest (stock per warehouse, versions, prices in other currencies) are numbers in one shared
 * array, their keys in a {@link Shape} shared with every product of the same keys. `get`
 * rebuilds a document equal to the one stored (a new object each time).
 */
export class StoredDocuments {
  /** 1 for a slot holding a document. */
  private stored = new Uint8Array(0);
  private count = 0;
  private names: string[] = [];
  private descriptions: string[] = [];
  private attributes: string[] = [];
  private shapeOf = new Int32Array(0);
  /** Where a slot's numbers start in {@link numbers}. */
  private start = new Int32Array(0);
  private numbers = new Float64Array(1024);
  private end = 0;
  /** Numbers in use by live documents (the rest of `end` is left by updates that needed more room). */
  private used = 0;
  private readonly shapes: Shape[] = [];
  private readonly shapeCodes = new Map<string, number>();
  /** The shape of the last document stored: most documents have the same as the one before. */
  private lastShape = -1;

  /**
   * @param slotOf the slot of a product id (undefined for an id never seen): the text index
   *   assigns slots, and one map of ids is enough for both
   */
  constructor(private readonly columns: ProductColumns, private readonly slotOf: (id: string) => number | undefined) {}

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    return this.slotHolding(id) !== undefined;
  }

  /** The slot of a stored document. */
  private slotHolding(id: string): number | undefined {
    const slot = this.slotOf(id);
    return slot !== undefined && this.stored[slot] === 1 ? slot : undefined;
  }

  /** True when `slot` holds a document. */
  holds(slot: number): boolean {
    return this.stored[slot] === 1;
  }

  /** Stores `doc`, whose column values are already in `slot` of the columns (a product's slot is its own: `slotOf(doc.id)`). */
  set(doc: SearchDocument, slot: number): void {
    if (slot >= this.shapeOf.length) {
      const capacity = Math.max(1024, this.shapeOf.length * 2, slot + 1);
      const widen = <A extends Int32Array | Uint8Array>(old: A, next: A): A => (next.set(old), next);
      this.shapeOf = widen(this.shapeOf, new Int32Array(capacity));
      this.start = widen(this.start, new Int32Array(capacity));
      this.stored = widen(this.stored, new Uint8Array(capacity));
    }
    const code = this.shape(doc);
    const shape = this.shapes[code]!;
    // The numbers already in the slot are overwritten in place when there is room.
    const had = this.stored[slot] === 1 ? this.shapes[this.shapeOf[slot]!]!.size : -1;
    if (had >= 0) this.used -= had;
    else this.count++;
    let at = this.start[slot]!;
    if (had < shape.size) {
      this.reserve(shape.size);
      at = this.end;
      this.end += shape.size;
    }
    this.used += shape.size;
    for (const key of shape.otherPriceKeys) this.numbers[at++] = doc.prices[key]!;
    for (const key of shape.stockKeys) this.numbers[at++] = doc.stock[key]!;
    this.numbers[at++] = doc.versions.product;
    for (const key of shape.versionPriceKeys) this.numbers[at++] = doc.versions.prices[key]!;
    for (const key of shape.versionStockKeys) this.numbers[at++] = doc.versions.stock[key]!;
    this.start[slot] = at - shape.size;
    this.shapeOf[slot] = code;
    this.names[slot] = doc.name;
    this.descriptions[slot] = doc.description;
    this.attributes[slot] = doc.attributes;
    this.stored[slot] = 1;
  }

  delete(id: string): void {
    const slot = this.slotHolding(id);
    if (slot === undefined) return;
    this.used -= this.shapes[this.shapeOf[slot]!]!.size;
    this.stored[slot] = 0;
    this.count--;
  }

  /** The stored document, rebuilt (the columns must still hold its slot's values). */
  get(id: string): SearchDocument | undefined {
    const slot = this.slotHolding(id);
    return slot === undefined ? undefined : this.document(id, slot);
  }

  /** The texts of the document in `slot` (no rebuilding of the rest): what a write compares and the text index removes. */
  textOf(slot: number): DocumentTexts | undefined {
    if (this.stored[slot] !== 1) return undefined;
    return { name: this.names[slot]!, brand: this.columns.brandOf(slot), description: this.descriptions[slot]!, attributes: this.attributes[slot]! };
  }

  /** {@link textOf} by product id. */
  textOfProduct(id: string): DocumentTexts | undefined {
    const slot = this.slotHolding(id);
    return slot === undefined ? undefined : this.textOf(slot);
  }

  /** Every stored document's texts, with its id. */
  *texts(): IterableIterator<readonly [string, DocumentTexts]> {
    for (let slot = 0; slot < this.stored.length; slot++) if (this.stored[slot] === 1) yield [this.columns.idOf(slot), this.textOf(slot)!];
  }

  /** A stored document's name (what a search hit's highlight needs, without rebuilding the document). */
  nameOf(id: string): string | undefined {
    const slot = this.slotHolding(id);
    return slot === undefined ? undefined : this.names[slot];
  }

  *values(): IterableIterator<SearchDocument> {
    for (let slot = 0; slot < this.stored.length; slot++) if (this.stored[slot] === 1) yield this.document(this.columns.idOf(slot), slot);
  }

  private document(id: string, slot: number): SearchDocument {
    const shape = this.shapes[this.shapeOf[slot]!]!;
    const values = this.columns.valuesOf(slot);
    let at = this.start[slot]!;
    const prices: Record<string, number> = {};
    for (const key of shape.priceKeys) prices[key] = values.prices.get(key) ?? this.numbers[at++]!;
    const stock: Record<string, number> = {};
    for (const key of shape.stockKeys) stock[key] = this.numbers[at++]!;
    const product = this.numbers[at++]!;
    const versionPrices: Record<string, number> = {};
    for (const key of shape.versionPriceKeys) versionPrices[key] = this.numbers[at++]!;
    const versionStock: Record<string, number> = {};
    for (const key of shape.versionStockKeys) versionStock[key] = this.numbers[at++]!;
    return {
      id, seq: values.seq, name: this.names[slot]!, description: this.descriptions[slot]!, brand: values.brand,
      categoryId: values.categoryId, categoryPath: values.categoryPath, attributes: this.attributes[slot]!,
      prices, stock, inStock: values.inStock,
      ...(shape.saleCurrencies ? { saleCurrencies: shape.saleCurrencies } : {}),
      versions: { product, prices: versionPrices, stock: versionStock },
    };
  }

  /** The code of the document's shape. */
  private shape(doc: SearchDocument): number {
    if (this.lastShape >= 0 && fits(doc, this.shapes[this.lastShape]!)) return this.lastShape;
    const key = shapeKey(doc);
    let code = this.shapeCodes.get(key);
    if (code === undefined) {
      const priceKeys = Object.keys(doc.prices);
      const indexed = this.columns.currencies;
      const shape: Shape = {
        priceKeys, otherPriceKeys: priceKeys.filter((k) => !indexed.includes(k)), stockKeys: Object.keys(doc.stock),
        versionPriceKeys: Object.keys(doc.versions.prices), versionStockKeys: Object.keys(doc.versions.stock),
        saleCurrencies: doc.saleCurrencies ? [...doc.saleCurrencies] : null,
        size: 0,
      };
      (shape as { size: number }).size = shape.otherPriceKeys.length + shape.stockKeys.length + 1
        + shape.versionPriceKeys.length + shape.versionStockKeys.length;
      code = this.shapes.push(shape) - 1;
      this.shapeCodes.set(key, code);
    }
    this.lastShape = code;
    return code;
  }

  /** Room for `size` more numbers at the end, compacting first when updates left half of them unused. */
  private reserve(size: number): void {
    if (this.end + size <= this.numbers.length) return;
    if (this.used * 2 < this.end) {
      const compact = new Float64Array(this.numbers.length);
      let end = 0;
      for (let slot = 0; slot < this.stored.length; slot++) {
        if (this.stored[slot] !== 1) continue;
        const n = this.shapes[this.shapeOf[slot]!]!.size;
        compact.set(this.numbers.subarray(this.start[slot]!, this.start[slot]! + n), end);
        this.start[slot] = end;
        end += n;
      }
      this.numbers = compact;
      this.end = end;
      if (this.end + size <= this.numbers.length) return;
    }
    const wider = new Float64Array(Math.max(this.numbers.length * 2, this.end + size));
    wider.set(this.numbers.subarray(0, this.end));
    this.numbers = wider;
  }
}

/** The keys of a document's records and its sale currencies, as one string. */
function shapeKey(doc: SearchDocument): string {
  const keys = (record: Readonly<Record<string, number>>) => Object.keys(record).join(',');
  return `${keys(doc.prices)}|${keys(doc.stock)}|${keys(doc.versions.prices)}|${keys(doc.versions.stock)}|${doc.saleCurrencies?.join(',') ?? '-'}`;
}

/** True when `record` has exactly `keys`, in that order. */
function hasKeys(record: Readonly<Record<string, number>>, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in record) if (keys[i++] !== key) return false;
  return i === keys.length;
}

/** True when `doc` has the keys and sale currencies of `shape` (no allocation: most documents are checked this way). */
function fits(doc: SearchDocument, shape: Shape): boolean {
  const sale = doc.saleCurrencies;
  if (sale === undefined ? shape.saleCurrencies !== null : shape.saleCurrencies === null || sale.length !== shape.saleCurrencies.length) return false;
  if (sale) for (let i = 0; i < sale.length; i++) if (sale[i] !== shape.saleCurrencies![i]) return false;
  return hasKeys(doc.prices, shape.priceKeys) && hasKeys(doc.stock, shape.stockKeys)
    && hasKeys(doc.versions.prices, shape.versionPriceKeys) && hasKeys(doc.versions.stock, shape.versionStockKeys);
}
