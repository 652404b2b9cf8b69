import type { Queryable } from '../../../lib/db/index.js';
import type { Logger } from '../../../lib/logging/index.js';
import { reindex } from './reindex.js';
import type { SearchDocument, SearchIndex } from '../../../lib/search/SearchIndex.js';
import { countStoreProducts, readStoreDocuments } from './storeDocuments.js';

/**
 * Gets the index in step with the stores at start-up: an empty index (first start, no
 * snapshot) is built from them; one restored from a snapshot is caught up with what changed
 * since the snapshot was written (a crash, or writes while the index was not running), so a
 * restart neither rebuilds everything nor keeps stale products.
 * @returns the number of documents written.
 */
export async function populateSearchIndex(index: SearchIndex, db: Queryable, logger?: Logger): Promise<number> {
  const started = performance.now();
  if ((await index.count()) === 0) {
    const indexed = await reindex(index, readStoreDocuments(db), { total: await countStoreProducts(db) });
    logger?.info({ products: indexed, ms: Math.round(performance.now() - started) }, 'search index built from the stores');
    return indexed;
  }
  const updated = await catchUpSearchIndex(index, readStoreDocuments(db));
  logger?.info({ updated, ms: Math.round(performance.now() - started) }, 'search index restored and caught up with the stores');
  return updated;
}

/**
 * Writes the documents of `source` (read from the stores) that are newer than what `index`
 * holds, part by part — product row, each currency's price, each warehouse's stock — as the
 * indexer does, so a change event applied while this runs is never overwritten by an older
 * read. A price row or stock row the index holds but the source lacks is kept (it may have been
 * written after the read); products deleted meanwhile are left to their delete events.
 * @returns the number of documents written.
 */
export async function catchUpSearchIndex(index: SearchIndex, source: AsyncIterable<readonly SearchDocument[]>): Promise<number> {
  let written = 0;
  for await (const batch of source) {
    const held = await index.get(batch.map((d) => d.id));
    const newer = batch.flatMap((fresh) => {
      const current = held.get(fresh.id);
      const merged = current ? newestOf(current, fresh) : fresh;
      return merged ? [merged] : [];
    });
    if (newer.length > 0) await index.upsert(newer);
    written += newer.length;
  }
  return written;
}

/** Each part from whichever side holds its newer version (the store's on a tie: effective prices move with sale windows); null when that is just `held`. */
function newestOf(held: SearchDocument, fresh: SearchDocument): SearchDocument | null {
  let changed = false;
  const pick = <V>(heldValues: Readonly<Record<string, V>>, freshValues: Readonly<Record<string, V>>, heldVersions: Readonly<Record<string, number>>, freshVersions: Readonly<Record<string, number>>) => {
    const values: Record<string, V> = { ...heldValues };
    const versions: Record<string, number> = { ...heldVersions };
    for (const [key, version] of Object.entries(freshVersions)) {
      if (version < (heldVersions[key] ?? 0)) continue;
      if (version !== heldVersions[key] || freshValues[key] !== heldValues[key]) changed = true;
      values[key] = freshValues[key]!;
      versions[key] = version;
    }
    return { values, versions };
  };
  const productNewer = fresh.versions.product > held.versions.product;
  const prices = pick(held.prices, fresh.prices, held.versions.prices, fresh.versions.prices);
  // Whether each price is a sale price goes with the price it came with.
  const saleFlags = (d: SearchDocument) => Object.fromEntries(Object.keys(d.prices).map((c) => [c, d.saleCurrencies?.includes(c) ?? false]));
  const sales = pick(saleFlags(held), saleFlags(fresh), held.versions.prices, fresh.versions.prices);
  const stock = pick(held.stock, fresh.stock, held.versions.stock, fresh.versions.stock);
  if (!productNewer && !changed) return null;
  const base = productNewer ? fresh : held;
  return {
    ...base,
    prices: prices.values,
    saleCurrencies: Object.keys(sales.values).filter((c) => sales.values[c]).sort(),
    stock: stock.values,
    inStock: Object.values(stock.values).some((n) => n > 0),
    versions: { product: base.versions.product, prices: prices.versions, stock: stock.versions },
  };
}
