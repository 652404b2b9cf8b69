import type { SearchDocument } from '../../lib/search/index.js';
import type { SampleStoreRows } from '../../stack/sampleStore.js';

/**
 * The sample store's rows as search documents, as the indexer would build them (attribute
 * values joined with spaces, the sale price as the effective price), without a database.
 */
export function sampleDocuments(rows: SampleStoreRows): SearchDocument[] {
  const parentOf = new Map(rows.categories.map((c) => [c.id, c.parent_id]));
  const pathOf = (id: string): string[] => {
    const parent = parentOf.get(id);
    return parent ? [...pathOf(parent), id] : [id];
  };
  const prices = new Map<string, Record<string, number>>();
  for (const p of rows.prices) (prices.get(p.product_id) ?? prices.set(p.product_id, {}).get(p.product_id)!)[p.currency] = p.sale_amount ?? p.list_amount;
  const onSale = new Map<string, string[]>();
  for (const p of rows.prices) if (p.sale_amount !== null) (onSale.get(p.product_id) ?? onSale.set(p.product_id, []).get(p.product_id)!).push(p.currency);
  const stock = new Map<string, Record<string, number>>();
  for (const s of rows.stock) (stock.get(s.product_id) ?? stock.set(s.product_id, {}).get(s.product_id)!)[s.warehouse_id] = s.on_hand - s.reserved;
  return rows.products.map((p, i) => {
    const available = stock.get(p.id) ?? {};
    const priced = prices.get(p.id) ?? {};
    return {
      id: p.id, seq: i + 1, name: p.name, description: p.description, brand: p.brand, categoryId: p.category_id, categoryPath: pathOf(p.category_id),
      attributes: p.attributes.map((a) => a.value).join(' '),
      prices: priced, stock: available, inStock: Object.values(available).some((n) => n > 0),
      saleCurrencies: [...(onSale.get(p.id) ?? [])].sort(),
      versions: { product: 1, prices: Object.fromEntries(Object.keys(priced).map((c) => [c, 1])), stock: Object.fromEntries(Object.keys(available).map((w) => [w, 1])) },
    };
  });
}
