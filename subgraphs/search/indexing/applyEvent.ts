import type { PriceState, ProductEvent } from '../../../lib/events/index.js';
import type { SearchDocument } from '../../../lib/search/SearchIndex.js';

/** What an event does to a product's search document. */
export type EventOutcome =
  | { readonly kind: 'upsert'; readonly document: SearchDocument }
  | { readonly kind: 'delete' }
  /** Already applied, or older than what the index holds (replay, duplicate, out of order). */
  | { readonly kind: 'stale' }
  /** A price or stock event for a product the index does not hold yet: keep it until the product arrives. */
  | { readonly kind: 'orphan' }
  /** Not a product change (an order event): nothing to index. */
  | { readonly kind: 'ignored' };

/** Ids from the root category down to `categoryId` (just `[categoryId]` when unknown). */
export type CategoryPaths = (categoryId: string) => readonly string[];

/** Whether a price row charges its sale price at `now` (a sale amount, inside its window). */
export function saleApplies(price: PriceState, now: Date): boolean {
  const from = price.saleValidFrom ? new Date(price.saleValidFrom) : null;
  const to = price.saleValidTo ? new Date(price.saleValidTo) : null;
  return price.saleAmount !== null && (!from || from <= now) && (!to || to > now);
}

/** The amount a price row charges at `now`: the sale price inside its window, else the list price. */
export function effectiveAmount(price: PriceState, now: Date): number {
  return saleApplies(price, now) ? price.saleAmount! : price.listAmount;
}

/** `currencies` with `currency` in or out, sorted. */
const withSale = (currencies: readonly string[] | undefined, currency: string, onSale: boolean): string[] =>
  [...(currencies ?? []).filter((c) => c !== currency), ...(onSale ? [currency] : [])].sort();

const seqOf = (productId: string) => Number(productId.slice(productId.indexOf('-') + 1)) || 0;

const without = <V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

/**
 * Applies one change event to the product's current document, purely. Each part of the
 * document (product row, each currency's price, each warehouse's stock) carries the source
 * version it came from; an event whose version is not newer is `stale`, so redelivery and
 * reordering between products' streams are harmless and per product the newest state wins.
 */
export function applyEvent(current: SearchDocument | undefined, event: ProductEvent, categoryPaths: CategoryPaths, now = new Date()): EventOutcome {
  switch (event.type) {
    case 'commerce.catalog.product_changed.v1': {
      const { productId, before, after } = event.data;
      const applied = current?.versions.product ?? 0;
      if (!after) {
        if (!current || (before && before.version < applied)) return { kind: 'stale' };
        return { kind: 'delete' };
      }
      if (after.version <= applied) return { kind: 'stale' };
      return {
        kind: 'upsert',
        document: {
          id: productId,
          seq: seqOf(productId),
          name: after.name,
          description: after.description,
          brand: after.brand,
          categoryId: after.categoryId,
          categoryPath: categoryPaths(after.categoryId),
          attributes: after.attributes.map((a) => a.value).join(' '),
          prices: current?.prices ?? {},
          stock: current?.stock ?? {},
          inStock: current?.inStock ?? false,
          saleCurrencies: current?.saleCurrencies ?? [],
          versions: { product: after.version, prices: current?.versions.prices ?? {}, stock: current?.versions.stock ?? {} },
        },
      };
    }
    case 'commerce.pricing.price_changed.v1': {
      if (!current) return { kind: 'orphan' };
      const { currency, before, after } = event.data;
      const applied = current.versions.prices[currency] ?? 0;
      if (!after) {
        if (before && before.version < applied) return { kind: 'stale' };
        return {
          kind: 'upsert',
          document: {
            ...current, prices: without(current.prices, currency), saleCurrencies: withSale(current.saleCurrencies, currency, false),
            versions: { ...current.versions, prices: without(current.versions.prices, currency) },
          },
        };
      }
      if (after.version <= applied) return { kind: 'stale' };
      return {
        kind: 'upsert',
        document: {
          ...current,
          prices: { ...current.prices, [currency]: effectiveAmount(after, now) },
          saleCurrencies: withSale(current.saleCurrencies, currency, saleApplies(after, now)),
          versions: { ...current.versions, prices: { ...current.versions.prices, [currency]: after.version } },
        },
      };
    }
    case 'commerce.inventory.stock_changed.v1': {
      if (!current) return { kind: 'orphan' };
      const { warehouseId, before, after } = event.data;
      const applied = current.versions.stock[warehouseId] ?? 0;
      let stock: Record<string, number>;
      let versions: Record<string, number>;
      if (!after) {
        if (before && before.version < applied) return { kind: 'stale' };
        stock = without(current.stock, warehouseId);
        versions = without(current.versions.stock, warehouseId);
      } else {
        if (after.version <= applied) return { kind: 'stale' };
        stock = { ...current.stock, [warehouseId]: Math.max(0, after.onHand - after.reserved) };
        versions = { ...current.versions.stock, [warehouseId]: after.version };
      }
      return {
        kind: 'upsert',
        document: { ...current, stock, inStock: Object.values(stock).some((n) => n > 0), versions: { ...current.versions, stock: versions } },
      };
    }
  }
}
