import type { Queryable } from '../../lib/db/index.js';
import { suggestionKey, type Suggestion } from '../../lib/search/index.js';

/** A category offered as a completion: its id, name, and the products in it and its descendants. */
export type CategorySuggestion = Suggestion & { readonly kind: 'category'; readonly categoryId: string; readonly count: number };

/** Categories by name, for `suggest`: read from catalog's published views, again after `refreshMs`. */
export interface CategorySuggestions {
  suggest(prefix: string, limit: number): Promise<CategorySuggestion[]>;
}

interface Directory { readonly categories: { id: string; name: string; key: string; count: number }[]; readonly at: number }

/**
 * Category completions from catalog's `search_categories` and `search_products` views (the
 * search subgraph's read-only contract with catalog): a category matches when its name, or a
 * later word of it, starts with the prefix; products are counted with the descendants'.
 * Renames and new categories show within `refreshMs`.
 */
export function createCategorySuggestions(db: Queryable, refreshMs = 60_000, now = Date.now): CategorySuggestions {
  let directory: Promise<Directory> | undefined;
  const load = async (): Promise<Directory> => {
    const [categories, counts] = await Promise.all([
      db.query<{ id: string; parent_id: string | null; name: string }>('SELECT id, parent_id, name FROM catalog.search_categories'),
      db.query<{ category_id: string; n: number }>('SELECT category_id, count(*)::int AS n FROM catalog.search_products GROUP BY category_id'),
    ]);
    const parents = new Map(categories.rows.map((c) => [c.id, c.parent_id]));
    const total = new Map<string, number>();
    for (const { category_id: leaf, n } of counts.rows) {
      for (let id: string | null | undefined = leaf, depth = 0; id && depth < 32; id = parents.get(id), depth++) total.set(id, (total.get(id) ?? 0) + n);
    }
    return { categories: categories.rows.map((c) => ({ id: c.id, name: c.name, key: suggestionKey(c.name), count: total.get(c.id) ?? 0 })), at: now() };
  };
  return {
    async suggest(prefix, limit) {
      const key = suggestionKey(prefix);
      if (key === '') return [];
      const current = directory ? await directory.catch(() => undefined) : undefined;
      if (!current || now() - current.at >= refreshMs) directory = load();
      const { categories } = await directory!;
      return categories
        .filter((c) => c.count > 0 && (c.key.startsWith(key) || c.key.includes(` ${key}`)))
        .sort((a, b) => Number(b.key.startsWith(key)) - Number(a.key.startsWith(key)) || b.count - a.count || (a.name < b.name ? -1 : 1))
        .slice(0, limit)
        .map((c): CategorySuggestion => ({ text: c.name, kind: 'category', categoryId: c.id, count: c.count }));
    },
  };
}
