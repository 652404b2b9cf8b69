import type { Db } from '../lib/db/index.js';

/** Options for {@link seedSampleStore}. */
export interface SampleStoreOptions {
  /** @default 2000 */
  readonly products?: number;
  /** PRNG seed: the same seed always generates the same store. @default 42 */
  readonly seed?: number;
  /**
   * Write the store through the outbox like any other change, so the event store holds its
   * whole history and projections can be replayed from it (`npm start` does). Off, the load
   * is a bulk import with no events: tests and benches that count events start from a quiet feed.
   * @default false
   */
  readonly events?: boolean;
}

/** mulberry32: a tiny, fast, deterministic PRNG; the same seed gives the same sequence of [0, 1) numbers. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TREE: Record<string, readonly string[]> = {
  Footwear: ['Running Shoes', 'Hiking Boots', 'Sandals', 'Sneakers', 'Slippers'],
  Apparel: ['Jackets', 'T-Shirts', 'Hoodies', 'Trousers', 'Socks'],
  Outdoor: ['Tents', 'Backpacks', 'Sleeping Bags', 'Headlamps', 'Water Bottles'],
  Home: ['Mugs', 'Lamps', 'Blankets', 'Cushions', 'Kettles'],
};
const NOUN: Record<string, string> = {
  'Running Shoes': 'Running Shoe', 'Hiking Boots': 'Hiking Boot', Sandals: 'Sandal', Sneakers: 'Sneaker', Slippers: 'Slipper',
  Jackets: 'Jacket', 'T-Shirts': 'T-Shirt', Hoodies: 'Hoodie', Trousers: 'Trousers', Socks: 'Socks',
  Tents: 'Tent', Backpacks: 'Backpack', 'Sleeping Bags': 'Sleeping Bag', Headlamps: 'Headlamp', 'Water Bottles': 'Water Bottle',
  Mugs: 'Mug', Lamps: 'Lamp', Blankets: 'Blanket', Cushions: 'Cushion', Kettles: 'Kettle',
};
const BRANDS = ['Acme', 'Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell'];
const ADJECTIVES = ['Trail', 'Classic', 'Urban', 'Lightweight', 'Waterproof', 'Merino', 'Ultra', 'Everyday', 'Alpine', 'Recycled', 'Pro', 'Cozy'];
const COLOURS = ['black', 'white', 'red', 'blue', 'green', 'grey', 'orange', 'navy'];
const MATERIALS = ['cotton', 'wool', 'nylon', 'polyester', 'leather', 'steel', 'ceramic', 'bamboo'];

/** The words the sample store's products are made of (names are `<brand> <adjective> <noun> <n>`). */
export const SAMPLE_VOCABULARY = { tree: TREE, noun: NOUN, brands: BRANDS, adjectives: ADJECTIVES, colours: COLOURS, materials: MATERIALS } as const;

export const SAMPLE_WAREHOUSES = [
  { id: 'wh-berlin', name: 'Berlin', country: 'DE' },
  { id: 'wh-rotterdam', name: 'Rotterdam', country: 'NL' },
  { id: 'wh-newark', name: 'Newark', country: 'US' },
] as const;

const slugify = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** The rows of a generated sample store, as written to the stores' tables. */
export interface SampleStoreRows {
  readonly categories: { id: string; parent_id: string | null; name: string; slug: string; position: number }[];
  readonly products: {
    id: string; sku: string; slug: string; name: string; description: string; brand: string; category_id: string;
    attributes: { name: string; value: string }[]; images: { url: string; alt: string }[];
    weight_grams: number; length_mm: number; width_mm: number; height_mm: number;
  }[];
  readonly prices: { product_id: string; currency: string; list_amount: number; sale_amount: number | null }[];
  readonly stock: { product_id: string; warehouse_id: string; on_hand: number; reserved: number }[];
}

/**
 * The sample store's rows without a database: 24 categories in two levels, `products`
 * products, prices in EUR, USD and GBP (some on sale), stock in three warehouses. Pure and
 * deterministic, so the relevance bench's judged queries can be derived from the same store.
 */
export function generateSampleStore(options: Pick<SampleStoreOptions, 'products' | 'seed'> = {}): SampleStoreRows {
  const count = options.products ?? 2000;
  const random = prng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  const categories: SampleStoreRows['categories'] = [];
  const leaves: { id: string; name: string }[] = [];
  let nextCategory = 1;
  Object.entries(TREE).forEach(([root, children], rootIndex) => {
    const rootId = `c-${nextCategory++}`;
    categories.push({ id: rootId, parent_id: null, name: root, slug: slugify(root), position: rootIndex });
    children.forEach((child, childIndex) => {
      const id = `c-${nextCategory++}`;
      categories.push({ id, parent_id: rootId, name: child, slug: slugify(child), position: childIndex });
      leaves.push({ id, name: child });
    });
  });

  const products: SampleStoreRows['products'] = [];
  const prices: SampleStoreRows['prices'] = [];
  const stock: SampleStoreRows['stock'] = [];
  for (let n = 1; n <= count; n++) {
    const leaf = leaves[(n - 1) % leaves.length]!;
    const brand = pick(BRANDS);
    const colour = pick(COLOURS);
    const name = `${brand} ${pick(ADJECTIVES)} ${NOUN[leaf.name]} ${n}`;
    const id = `p-${n}`;
    products.push({
      id, sku: `SKU-${String(n).padStart(6, '0')}`, slug: `${slugify(name)}`, name,
      description: `The ${name} in ${colour}: ${pick(MATERIALS)} construction, made for every day.`,
      brand, category_id: leaf.id,
      attributes: [{ name: 'colour', value: colour }, { name: 'material', value: pick(MATERIALS) }],
      images: [{ url: `https://images.example.com/products/${id}/main.jpg`, alt: name }],
      weight_grams: between(80, 4000), length_mm: between(50, 800), width_mm: between(50, 500), height_mm: between(20, 400),
    });
    const base = between(500, 30000);
    for (const [currency, factor] of [['EUR', 1], ['USD', 1.08], ['GBP', 0.86]] as const) {
      const list = Math.round((base * factor) / 10) * 10 - 1;
      const onSale = random() < 0.15;
      prices.push({ product_id: id, currency, list_amount: list, sale_amount: onSale ? Math.round(list * 0.8) : null });
    }
    for (const warehouse of SAMPLE_WAREHOUSES) {
      const onHand = random() < 0.1 ? 0 : between(0, 250);
      stock.push({ product_id: id, warehouse_id: warehouse.id, on_hand: onHand, reserved: Math.min(onHand, between(0, 5)) });
    }
  }
  return { categories, products, prices, stock };
}

/**
 * Writes the {@link generateSampleStore} rows with one statement per table, with change
 * events only when `events` is set. Does nothing when catalog already has products.
 * @returns the number of products written (0 when the store was not empty).
 */
export async function seedSampleStore(db: Db, options: SampleStoreOptions = {}): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog.products');
  if ((rows[0]?.n ?? 0) > 0) return 0;
  const { categories, products, prices, stock } = generateSampleStore(options);

  await db.transaction(async (tx) => {
    // A bulk import is not a stream of changes unless asked: no outbox events (consumers rebuild from the stores).
    if (!options.events) await tx.exec("SET LOCAL commerce.suppress_events = 'on'");
    await tx.query(`INSERT INTO catalog.categories (id, parent_id, name, slug, position)
      SELECT id, parent_id, name, slug, position FROM jsonb_to_recordset($1::jsonb)
        AS x(id text, parent_id text, name text, slug text, position int) ORDER BY parent_id NULLS FIRST`, [JSON.stringify(categories)]);
    await tx.query(`INSERT INTO catalog.products (id, sku, slug, name, description, brand, category_id, attributes, images, weight_grams, length_mm, width_mm, height_mm)
      SELECT d->>'id', d->>'sku', d->>'slug', d->>'name', d->>'description', d->>'brand', d->>'category_id', d->'attributes', d->'images',
        (d->>'weight_grams')::int, (d->>'length_mm')::int, (d->>'width_mm')::int, (d->>'height_mm')::int
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(d, ord) ORDER BY ord`, [JSON.stringify(products)]);
    await tx.query(`INSERT INTO pricing.prices (product_id, currency, list_amount, sale_amount)
      SELECT product_id, currency, list_amount, sale_amount FROM jsonb_to_recordset($1::jsonb)
        AS x(product_id text, currency text, list_amount int, sale_amount int)`, [JSON.stringify(prices)]);
    await tx.query(`INSERT INTO inventory.warehouses (id, name, country)
      SELECT id, name, country FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, country text)`, [JSON.stringify(SAMPLE_WAREHOUSES)]);
    await tx.query(`INSERT INTO inventory.stock (product_id, warehouse_id, on_hand, reserved)
      SELECT product_id, warehouse_id, on_hand, reserved FROM jsonb_to_recordset($1::jsonb)
        AS x(product_id text, warehouse_id text, on_hand int, reserved int)`, [JSON.stringify(stock)]);
  });
  return products.length;
}
