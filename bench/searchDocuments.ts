import { prng } from '../stack/sampleStore.js';
import type { SearchDocument, SearchQuery } from '../lib/search/index.js';

// Same vocabulary as stack/sampleStore.ts, scaled to any number of products.
const TREE: Record<string, string[]> = {
  Footwear: ['Running Shoe', 'Hiking Boot', 'Sandal', 'Sneaker', 'Slipper'],
  Apparel: ['Jacket', 'T-Shirt', 'Hoodie', 'Trousers', 'Socks'],
  Outdoor: ['Tent', 'Backpack', 'Sleeping Bag', 'Headlamp', 'Water Bottle'],
  Home: ['Mug', 'Lamp', 'Blanket', 'Cushion', 'Kettle'],
};
export const BENCH_BRANDS = ['Acme', 'Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell'];
const ADJECTIVES = ['Trail', 'Classic', 'Urban', 'Lightweight', 'Waterproof', 'Merino', 'Ultra', 'Everyday', 'Alpine', 'Recycled', 'Pro', 'Cozy'];
const COLOURS = ['black', 'white', 'red', 'blue', 'green', 'grey', 'orange', 'navy'];
const MATERIALS = ['cotton', 'wool', 'nylon', 'polyester', 'leather', 'steel', 'ceramic', 'bamboo'];


/** `count` deterministic products in 4 root and 20 leaf categories (c-1…c-24, as in the sample store). */
export function generateDocuments(count: number, seed = 7): SearchDocument[] {
  return [...documentBatches(count, count, seed)].flat();
}

/**
 * The documents of {@link generateDocuments} (same seed, same documents) in batches of `size`,
 * made as they are asked for: an index built from them is the only holder of what it keeps.
 */
export function* documentBatches(count: number, size: number, seed = 7): Generator<SearchDocument[]> {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const leaves: { id: string; root: string; noun: string }[] = [];
  let next = 1;
  for (const nouns of Object.values(TREE)) {
    const root = `c-${next++}`;
    for (const noun of nouns) leaves.push({ id: `c-${next++}`, root, noun });
  }
  let docs: SearchDocument[] = [];
  for (let n = 1; n <= count; n++) {
    const leaf = leaves[(n - 1) % leaves.length]!;
    const brand = pick(BENCH_BRANDS);
    const colour = pick(COLOURS);
    const name = `${brand} ${pick(ADJECTIVES)} ${leaf.noun} ${n}`;
    const eur = 500 + Math.floor(random() * 29500);
    const stock = { 'wh-berlin': random() < 0.3 ? 0 : Math.floor(random() * 200), 'wh-newark': random() < 0.5 ? 0 : Math.floor(random() * 200) };
    docs.push({
      id: `p-${n}`, seq: n, name, brand, categoryId: leaf.id, categoryPath: [leaf.root, leaf.id],
      description: `The ${name} in ${colour}: ${pick(MATERIALS)} construction, made for every day.`,
      attributes: `${colour} ${pick(MATERIALS)}`,
      prices: { EUR: eur, USD: Math.round(eur * 1.08), GBP: Math.round(eur * 0.86) },
      stock, inStock: Object.values(stock).some((v) => v > 0),
      versions: { product: 1, prices: { EUR: 1, USD: 1, GBP: 1 }, stock: { 'wh-berlin': 1, 'wh-newark': 1 } },
    });
    if (docs.length === size) {
      yield docs;
      docs = [];
    }
  }
  if (docs.length > 0) yield docs;
}

/**
 * The query mix, labelled by kind: text, text with a typo, text + filters, filters only
 * (category pages), facets (large result sets whose counts are the work: the landing page, a
 * root category, "in stock"), and sorts over large sets (every order, deep pages).
 */
export function queryMix(): { kind: string; query: SearchQuery }[] {
  const q = (kind: string, query: Partial<SearchQuery>) => ({ kind, query: { offset: 0, limit: 24, ...query } });
  return [
    q('text', { text: 'running shoe' }),
    q('text', { text: 'waterproof jacket' }),
    q('text', { text: 'acme' }),
    q('text', { text: 'merino socks navy' }),
    q('text+typo', { text: 'hikking boot' }),
    q('text+typo', { text: 'sleping bag' }),
    q('text+filter', { text: 'shoe', filters: { brands: ['Acme', 'Globex'], inStock: true } }),
    q('text+filter', { text: 'lamp', filters: { price: { min: 5000, max: 15000, currency: 'EUR' } }, sort: 'PRICE_ASC' }),
    q('text+filter', { text: 'running shoe', filters: { categoryIds: ['c-1'], brands: ['Acme'], price: { min: 5000, max: 15000, currency: 'EUR' }, inStock: true } }),
    q('filter', { filters: { categoryIds: ['c-2'] }, sort: 'NEWEST' }),
    q('filter', { filters: { categoryIds: ['c-6'], inStock: true }, sort: 'PRICE_DESC' }),
    q('filter', { filters: { brands: ['Stark'], price: { min: 1000, max: 3000, currency: 'GBP' } }, sort: 'NAME', currency: 'GBP' }),
    q('filter', { filters: { categoryIds: ['c-11'] }, offset: 240 }),
    q('facets', {}),
    q('facets', { filters: { categoryIds: ['c-1'] }, currency: 'USD' }),
    q('facets', { filters: { inStock: true } }),
    q('facets', { filters: { price: { min: 2500, max: 20000, currency: 'EUR' } } }),
    q('sort', { sort: 'PRICE_ASC', currency: 'USD' }),
    q('sort', { sort: 'NAME', filters: { inStock: true } }),
    q('sort', { sort: 'NEWEST', offset: 480 }),
    q('sort', { sort: 'PRICE_DESC', filters: { categoryIds: ['c-13'] }, offset: 48 }),
  ];
}
