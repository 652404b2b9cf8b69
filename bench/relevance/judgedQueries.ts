// The judged query set of the relevance bench, derived from the sample store's own structure
// (`generateSampleStore`): which words a product was made of says what it is, so most judgments
// follow from a query's intent. The synonym and no-result queries are hand-written (below).
import { SAMPLE_VOCABULARY, type SampleStoreRows } from '../../stack/sampleStore.js';

export const QUERY_CLASSES = ['exact', 'brand_category', 'attribute', 'misspelling', 'synonym', 'multi_word', 'no_result'] as const;
export type QueryClass = (typeof QUERY_CLASSES)[number];

/** What a query asks for; its products' grades follow from it by {@link GRADING}. */
export interface Intent {
  /** The one product an exact-name query names. */
  readonly product?: string;
  /** Leaf category ids the query is about (empty: nothing in the store is). */
  readonly categories: readonly string[];
  /** Leaf categories a shopper may also take, one grade lower (sneakers for running shoes). */
  readonly related?: readonly string[];
  readonly brand?: string;
  readonly adjective?: string;
  readonly colour?: string;
  readonly material?: string;
}

export interface JudgedQuery {
  readonly id: string;
  readonly class: QueryClass;
  readonly text: string;
  readonly intent: Intent;
  /** Product ids by grade (3, 2, 1); unlisted products are grade 0. */
  readonly judgments: Readonly<Record<'3' | '2' | '1', readonly string[]>>;
}

export interface JudgedSet {
  readonly about: string;
  readonly grading: readonly string[];
  readonly store: { readonly products: number; readonly seed: number };
  readonly queries: readonly JudgedQuery[];
}

export const GRADING = [
  'A product not in one of the intent\'s categories is grade 0 (so a query whose intent has no categories should find nothing).',
  'Exact name (intent.product): 3 = that product, 2 = same brand and category, 1 = same category.',
  'Otherwise the intent is categories plus constraints (brand, adjective, colour, material — colour and material as the product\'s attributes say, not its description): 3 = in a category and every constraint holds (every product of the category when there is none), 2 = some but not all hold, 1 = none hold.',
  'A product in a related category (intent.related: Sneakers and Running Shoes, by hand) gets one grade less than it would in the category itself.',
] as const;

// Hand-written: categories a shopper naming one would also take (judged by reading the names).
const RELATED: Readonly<Record<string, readonly string[]>> = { Sneakers: ['Running Shoes'], 'Running Shoes': ['Sneakers'] };

/** The facts of a product the grading reads. */
interface Facts { id: string; name: string; brand: string; category: string; adjective: string; colour: string; material: string }

function facts(rows: SampleStoreRows): Facts[] {
  return rows.products.map((p) => ({
    id: p.id, name: p.name, brand: p.brand, category: p.category_id,
    // Names are `<brand> <adjective> <noun> <n>`, and no brand has a space.
    adjective: p.name.split(' ')[1]!,
    colour: p.attributes.find((a) => a.name === 'colour')!.value,
    material: p.attributes.find((a) => a.name === 'material')!.value,
  }));
}

/** The grade of one product for an intent, by {@link GRADING}. */
export function grade(intent: Intent, product: Facts): number {
  if (intent.related?.includes(product.category)) return Math.max(0, grade({ ...intent, categories: [product.category], related: [] }, product) - 1);
  if (!intent.categories.includes(product.category)) return 0;
  if (intent.product !== undefined) {
    if (product.id === intent.product) return 3;
    return intent.brand === product.brand ? 2 : 1;
  }
  const constraints = [
    [intent.brand, product.brand], [intent.adjective, product.adjective], [intent.colour, product.colour], [intent.material, product.material],
  ].filter(([wanted]) => wanted !== undefined);
  const held = constraints.filter(([wanted, actual]) => wanted === actual).length;
  return held === constraints.length ? 3 : held > 0 ? 2 : 1;
}

// Hand-written: words shoppers use that the catalog does not (or a category's neighbour), each
// with the categories a person would expect (checked by reading the category names). The sample store's synonym
// file (stack/synonyms.txt) is meant to bridge them.
const SYNONYM_QUERIES: readonly [string, readonly string[]][] = [
  ['trainers', ['Running Shoes', 'Sneakers']], ['sneakers', ['Sneakers']], ['running shoes', ['Running Shoes']],
  ['tee', ['T-Shirts']], ['tees', ['T-Shirts']], ['tshirt', ['T-Shirts']], ['hoody', ['Hoodies']], ['sweatshirt', ['Hoodies']],
  ['pants', ['Trousers']], ['rucksack', ['Backpacks']], ['daypack', ['Backpacks']], ['torch', ['Headlamps']], ['head torch', ['Headlamps']],
  ['flask', ['Water Bottles']], ['canteen', ['Water Bottles']], ['cup', ['Mugs']], ['pillow', ['Cushions']], ['throw', ['Blankets']],
  ['coat', ['Jackets']], ['flip flops', ['Sandals']],
];
// Hand-written: things the store does not sell (one names a brand it does carry).
const NO_RESULT_QUERIES = [
  'laptop', 'smartphone', 'pizza oven', 'television', 'guitar strings', 'Acme laptop', 'red bicycle', 'espresso machine', 'dog food',
  'printer ink', 'winter tyres', 'Stark smartwatch', 'office chair', 'vacuum cleaner', 'garden hose', 'coffee beans', 'phone case',
  'car seat', 'baby stroller', 'golf clubs', 'yoga mat', 'ski goggles', 'Umbrella stand', 'wool laptop sleeve', 'xyzzy',
];

/** One typo, varied by `n`: a letter dropped, two neighbours swapped, a letter doubled, or one changed. */
export function misspell(word: string, n: number): string {
  const i = 1 + (n % (word.length - 2)); // never the first or last letter
  switch (n % 4) {
    case 0: return word.slice(0, i) + word.slice(i + 1);
    case 1: return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 2: return word.slice(0, i) + word[i] + word.slice(i);
    default: return word.slice(0, i) + (word[i] === 'e' ? 'a' : 'e') + word.slice(i + 1);
  }
}

/** The judged set for a generated sample store: the same rows always give the same set. */
export function buildJudgedSet(rows: SampleStoreRows, store: { products: number; seed: number }): JudgedSet {
  const products = facts(rows);
  const leafByName = new Map(rows.categories.filter((c) => c.parent_id !== null).map((c) => [c.name, c.id]));
  const leaves = [...leafByName.entries()];
  const nounOf = (leafName: string) => SAMPLE_VOCABULARY.noun[leafName]!.toLowerCase();
  const about = (leafNames: readonly string[]) => {
    const related = leafNames.length === 1 ? (RELATED[leafNames[0]!] ?? []).map((name) => leafByName.get(name)!) : [];
    return { categories: leafNames.map((name) => leafByName.get(name)!), ...(related.length > 0 ? { related } : {}) };
  };
  const { brands, adjectives, colours, materials } = SAMPLE_VOCABULARY;
  const queries: JudgedQuery[] = [];
  const add = (cls: QueryClass, text: string, intent: Intent) => {
    const judgments = { '3': [] as string[], '2': [] as string[], '1': [] as string[] };
    for (const p of products) {
      const g = grade(intent, p);
      if (g > 0) judgments[String(g) as '3' | '2' | '1'].push(p.id);
    }
    queries.push({ id: `${cls}-${String(queries.filter((q) => q.class === cls).length + 1).padStart(3, '0')}`, class: cls, text, intent, judgments });
  };
  const exists = (intent: Intent) => products.some((p) => grade(intent, p) === 3);

  // Exact names: every 33rd product, so every category and most brands appear.
  for (let n = 7; n <= products.length && queries.length < 60; n += 33) {
    const p = products[n - 1]!;
    add('exact', p.name, { product: p.id, categories: [p.category], brand: p.brand });
  }
  // Brand + category, the category as the store names it (plural) or as a product does (singular).
  for (let i = 0; i < 40; i++) {
    const [leafName] = leaves[(i * 7) % leaves.length]!;
    const brand = brands[(i * 3) % brands.length]!;
    add('brand_category', `${brand} ${i % 2 === 0 ? leafName.toLowerCase() : nounOf(leafName)}`, { ...about([leafName]), brand });
  }
  // Attribute words: colour and material (or colour alone) with the noun, for combinations some product has.
  for (let i = 0, made = 0; made < 40; i++) {
    const [leafName] = leaves[(i * 11) % leaves.length]!;
    const colour = colours[(i * 5) % colours.length]!;
    const material = i % 3 === 2 ? undefined : materials[(i * 3) % materials.length]!;
    const intent: Intent = { ...about([leafName]), colour, ...(material ? { material } : {}) };
    if (!exists(intent)) continue;
    add('attribute', `${colour}${material ? ` ${material}` : ''} ${nounOf(leafName)}`, intent);
    made++;
  }
  // Misspellings: one typo in the longest word of an exact-name or brand + category query, same intent.
  const sources = queries.filter((q) => q.class === 'exact' || q.class === 'brand_category');
  for (let i = 0; i < 40; i++) {
    const source = sources[(i * 5 + Math.floor((i * 5) / sources.length)) % sources.length]!; // 40 different sources
    const words = source.text.split(' ');
    const longest = words.reduce((best, w, j) => (w.length > words[best]!.length ? j : best), 0);
    words[longest] = misspell(words[longest]!, i);
    add('misspelling', words.join(' '), source.intent);
  }
  // Synonyms: each word alone, and with a brand.
  SYNONYM_QUERIES.forEach(([text, leafNames], i) => {
    add('synonym', text, about(leafNames));
    const brand = brands[(i * 7) % brands.length]!;
    add('synonym', `${brand} ${text}`, { ...about(leafNames), brand });
  });
  // Multi-word: adjective + noun (many nouns are two words), some with a brand, for combinations some product has.
  for (let i = 0, made = 0; made < 40; i++) {
    const [leafName] = leaves[(i * 3) % leaves.length]!;
    const adjective = adjectives[(i * 5) % adjectives.length]!;
    const brand = i % 4 === 3 ? brands[i % brands.length]! : undefined;
    const intent: Intent = { ...about([leafName]), adjective, ...(brand ? { brand } : {}) };
    if (!exists(intent)) continue;
    add('multi_word', `${brand ? `${brand} ` : ''}${adjective.toLowerCase()} ${nounOf(leafName)}`, intent);
    made++;
  }
  for (const text of NO_RESULT_QUERIES) add('no_result', text, { categories: [] });

  return {
    about: 'Judged queries for the sample store (stack/sampleStore.ts), written by `npm run relevance:judge`; read by `npm run bench -- relevance`. Do not edit by hand: change bench/relevance/judgedQueries.ts and regenerate.',
    grading: GRADING,
    store,
    queries,
  };
}

/** The set as committed: one query per line, so a diff shows which queries changed. */
export function formatJudgedSet(set: JudgedSet): string {
  const { queries, ...head } = set;
  const headJson = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${headJson},\n  "queries": [\n${queries.map((q) => `    ${JSON.stringify(q)}`).join(',\n')}\n  ]\n}\n`;
}
