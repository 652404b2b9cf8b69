import type { Queryable } from '../../../lib/db/index.js';
import type { CategoryPaths } from './applyEvent.js';
import type { SearchDocument } from '../../../lib/search/SearchIndex.js';

/**
 * Category path lookups for the indexer: the tree is read from catalog once, and again
 * when an unknown category shows up (at most once per `refreshMs`).
 */
export function createCategoryPaths(db: Queryable, refreshMs = 1000): (categoryId: string) => Promise<readonly string[]> {
  let tree: CategoryTree | undefined;
  let loadedAt = 0;
  return async (categoryId) => {
    if (!tree || (!tree.has(categoryId) && Date.now() - loadedAt >= refreshMs)) {
      tree = await loadCategoryTree(db);
      loadedAt = Date.now();
    }
    return tree.path(categoryId);
  };
}

interface CategoryTree {
  has(categoryId: string): boolean;
  /** Ids from the root down to `categoryId` (just `[categoryId]` when unknown). */
  path: CategoryPaths;
}

async function loadCategoryTree(db: Queryable): Promise<CategoryTree> {
  const { rows } = await db.query<{ id: string; parent_id: string | null }>('SELECT id, parent_id FROM catalog.search_categories');
  const parents = new Map(rows.map((r) => [r.id, r.parent_id]));
  const cache = new Map<string, readonly string[]>();
  return {
    has: (categoryId) => parents.has(categoryId),
    path(categoryId) {
      const known = cache.get(categoryId);
      if (known) return known;
      const path: string[] = [];
      for (let id: string | null | undefined = categoryId; id && path.length < 32; id = parents.get(id)) path.unshift(id);
      cache.set(categoryId, path);
      return path;
    },
  };
}

/** Category ids from the root down to each category, read from catalog. */
export async function loadCategoryPaths(db: Queryable): Promise<CategoryPaths> {
  return (await loadCategoryTree(db)).path;
}

interface SourceRow {
  seq: number;
  id: string;
  name: string;
  description: string;
  brand: string;
  category_id: string;
  attributes: { name: string; value: string }[];
  version: number;
  prices: { currency: string; amount: number; version: number; sale: boolean }[] | null;
  stock: { warehouse: string; available: number; version: number }[] | null;
}

/**
 * Reads search documents from the catalog, pricing and inventory stores through the search views
 * each store publishes (`subgraphs/<store>/migrations/003_search_views.sql`), `batchSize`
 * products at a time in catalog order (one statement per batch). The reindex source for the
 * embedded stack and `npm run search:reindex`.
 */
export async function* readStoreDocuments(db: Queryable, options: { batchSize?: number; now?: Date } = {}): AsyncGenerator<SearchDocument[]> {
  const batchSize = options.batchSize ?? 2000;
  const categoryPaths = await loadCategoryPaths(db);
  let afterSeq = 0;
  for (;;) {
    const { rows } = await db.query<SourceRow>(
      `SELECT p.seq::int AS seq, p.id, p.name, p.description, p.brand, p.category_id, p.attributes, p.version,
         (SELECT json_agg(json_build_object('currency', pr.currency::text, 'version', pr.version, 'amount',
            CASE WHEN sale.applies THEN pr.sale_amount ELSE pr.list_amount END, 'sale', sale.applies))
            FROM pricing.search_prices pr,
              LATERAL (SELECT pr.sale_amount IS NOT NULL AND (pr.sale_valid_from IS NULL OR pr.sale_valid_from <= $3)
                AND (pr.sale_valid_to IS NULL OR pr.sale_valid_to > $3) AS applies) sale
            WHERE pr.product_id = p.id) AS prices,
         (SELECT json_agg(json_build_object('warehouse', s.warehouse_id, 'available', s.available, 'version', s.version))
            FROM inventory.search_stock s WHERE s.product_id = p.id) AS stock
       FROM catalog.search_products p WHERE p.seq > $1 ORDER BY p.seq LIMIT $2`,
      [afterSeq, batchSize, options.now ?? new Date()]);
    if (rows.length === 0) return;
    yield rows.map((row) => {
      const stock = Object.fromEntries((row.stock ?? []).map((s) => [s.warehouse, Math.max(0, s.available)]));
      return {
        id: row.id,
        seq: Number(row.id.slice(2)) || row.seq,
        name: row.name,
        description: row.description,
        brand: row.brand,
        categoryId: row.category_id,
        categoryPath: categoryPaths(row.category_id),
        attributes: row.attributes.map((a) => a.value).join(' '),
        prices: Object.fromEntries((row.prices ?? []).map((p) => [p.currency, p.amount])),
        stock,
        inStock: Object.values(stock).some((n) => n > 0),
        saleCurrencies: (row.prices ?? []).filter((p) => p.sale).map((p) => p.currency).sort(),
        versions: {
          product: row.version,
          prices: Object.fromEntries((row.prices ?? []).map((p) => [p.currency, p.version])),
          stock: Object.fromEntries((row.stock ?? []).map((s) => [s.warehouse, s.version])),
        },
      };
    });
    afterSeq = rows[rows.length - 1]!.seq;
    if (rows.length < batchSize) return;
  }
}

/** Number of products in the catalog (the reindex total, for progress). */
export async function countStoreProducts(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog.search_products');
  return rows[0]?.n ?? 0;
}
