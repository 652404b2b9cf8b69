import type { Queryable } from '../../lib/db/index.js';

export interface ProductRow {
  readonly seq: number;
  readonly id: string;
  readonly sku: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly brand: string;
  readonly category_id: string;
  readonly attributes: { name: string; value: string }[];
  readonly images: { url: string; alt: string }[];
  readonly weight_grams: number;
  readonly length_mm: number;
  readonly width_mm: number;
  readonly height_mm: number;
  readonly version: number;
  readonly updated_at: Date;
}

export interface CategoryRow {
  readonly id: string;
  readonly parent_id: string | null;
  readonly name: string;
  readonly slug: string;
}

/** One page of a product listing; `totalCount` is only counted when asked for. */
export interface ProductPage {
  readonly rows: readonly ProductRow[];
  readonly hasNextPage: boolean;
  readonly categoryId: string | null;
}

const PRODUCT_COLUMNS = `seq::int AS seq, id, sku, slug, name, description, brand, category_id, attributes, images,
  weight_grams, length_mm, width_mm, height_mm, version, updated_at`;

// Ids of a category and all its descendants.
const SUBTREE = `WITH RECURSIVE subtree AS (
    SELECT id FROM catalog.categories WHERE id = $1
    UNION ALL SELECT c.id FROM catalog.categories c JOIN subtree s ON c.parent_id = s.id)`;

/** Catalog reads. Every batch method is one SQL statement, whatever the number of keys. */
export function createCatalogStore(db: Queryable) {
  return {
    async productsByIds(ids: readonly string[]): Promise<ProductRow[]> {
      const { rows } = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM catalog.products WHERE id = ANY($1)`, [ids]);
      return rows;
    },

    async productBySlug(slug: string): Promise<ProductRow | undefined> {
      const { rows } = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM catalog.products WHERE slug = $1`, [slug]);
      return rows[0];
    },

    /** Products after `afterSeq` in `seq` order; fetches one extra row to know whether more follow. */
    async listProducts(args: { first: number; afterSeq: number; categoryId: string | null }): Promise<ProductPage> {
      const params: unknown[] = [args.afterSeq, args.first + 1];
      let sql = `SELECT ${PRODUCT_COLUMNS} FROM catalog.products WHERE seq > $1`;
      if (args.categoryId) {
        params.push(args.categoryId);
        sql = `${SUBTREE.replace('$1', '$3')} ${sql} AND category_id IN (SELECT id FROM subtree)`;
      }
      const { rows } = await db.query<ProductRow>(`${sql} ORDER BY seq LIMIT $2`, params);
      return { rows: rows.slice(0, args.first), hasNextPage: rows.length > args.first, categoryId: args.categoryId };
    },

    async countProducts(categoryId: string | null): Promise<number> {
      const { rows } = categoryId
        ? await db.query<{ n: number }>(`${SUBTREE} SELECT count(*)::int AS n FROM catalog.products WHERE category_id IN (SELECT id FROM subtree)`, [categoryId])
        : await db.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog.products');
      return rows[0]?.n ?? 0;
    },

    async categoriesByIds(ids: readonly string[]): Promise<CategoryRow[]> {
      const { rows } = await db.query<CategoryRow>('SELECT id, parent_id, name, slug FROM catalog.categories WHERE id = ANY($1)', [ids]);
      return rows;
    },

    async childCategories(parentIds: readonly string[]): Promise<CategoryRow[]> {
      const { rows } = await db.query<CategoryRow>(
        'SELECT id, parent_id, name, slug FROM catalog.categories WHERE parent_id = ANY($1) ORDER BY position, id', [parentIds]);
      return rows;
    },

    async categories(all: boolean): Promise<CategoryRow[]> {
      const { rows } = await db.query<CategoryRow>(
        `SELECT id, parent_id, name, slug FROM catalog.categories ${all ? '' : 'WHERE parent_id IS NULL'} ORDER BY position, id`);
      return rows;
    },
  };
}

export type CatalogStore = ReturnType<typeof createCatalogStore>;
