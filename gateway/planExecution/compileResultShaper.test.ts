import { createRequire } from 'node:module';
import { buildSchema, operationFromDocument, type Operation } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileResultShaper } from './compileResultShaper.js';

// The gateway's own shaping, the reference: the compiled shaper must answer exactly as it does.
const { computeResponse } = createRequire(import.meta.url)('@apollo/gateway/dist/resultShaping.js') as {
  computeResponse: (args: { operation: Operation; variables?: Record<string, unknown>; input: unknown; introspectionHandling: () => unknown }) => { data: unknown; errors: { message: string; path?: readonly (string | number)[] }[] };
};

const schema = buildSchema(`
  scalar JSON
  enum Colour { RED GREEN }
  interface Node { id: ID! }
  type Money { amount: Int! currency: String! }
  type Product implements Node { id: ID! name: String! colour: Colour price: Money tags: [String!]! related: [Product] extra: JSON score: Float }
  type Category implements Node { id: ID! name: String products: [Product!]! parent: Category }
  union Result = Product | Category
  type Query { product(id: ID!): Product node(id: ID!): Node search: [Result!] categories: [Category!]! count: Int! }
`);

const QUERY = `query Q($skipPrice: Boolean!, $withTags: Boolean = true) {
  count
  p: product(id: "1") { ...Card related { ...Card name } price { amount } __typename kind: __typename }
  node(id: "2") { id ... on Category { name products { id name } } ...on Product { colour score } __typename }
  search { __typename ... on Product { id name } ... on Category { id parent { name } } ... on Node { id } }
  categories { id name @skip(if: $skipPrice) products { ...Card } parent { id parent { id } } }
}
fragment Card on Product {
  id name colour extra
  price @skip(if: $skipPrice) { amount currency }
  tags @include(if: $withTags)
}`;

/** A well-formed merged answer of {@link QUERY}, with the extra fields subgraph fetches leave (keys, __typename). */
const product = (id: string, depth = 0): Record<string, unknown> => ({
  __typename: 'Product', id, name: `P${id}`, colour: 'RED', extra: { any: [1, 'x'] }, score: 1.5, tags: ['a', 'b'],
  price: { amount: 100, currency: 'EUR', __typename: 'Money' }, kind: 'Product', unrequested: 1,
  related: depth > 0 ? null : [product(`${id}.1`, 1), product(`${id}.2`, 1)],
});
const input = (): Record<string, unknown> => ({
  count: 3,
  p: product('1'),
  node: { __typename: 'Category', id: '2', name: 'Shoes', products: [product('3', 1)] },
  search: [product('4', 1), { __typename: 'Category', id: 'c', parent: { __typename: 'Category', name: 'Root' } }],
  categories: [
    { __typename: 'Category', id: 'c1', name: 'A', products: [product('5', 1), product('6', 1)], parent: { id: 'c0', parent: null } },
    { id: 'c2', name: 'B', products: [], parent: null },
  ],
});

/** A deterministic pseudo-random generator (mulberry32). */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const ODD_VALUES = [null, undefined, 'text', 42, 4.5, true, [], {}, 'BLUE', 'GREEN', { __typename: 'Nope' }, { __typename: 'Money' }, [null], '7'];

/** Replaces a few values anywhere in the tree with odd ones: nulls, wrong types, bad typenames, missing fields. */
function damage(value: unknown, random: () => number): void {
  if (!value || typeof value !== 'object') return;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    if (random() < 0.06) {
      const odd = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
      if (odd === undefined && !Array.isArray(value)) delete (value as Record<string, unknown>)[key as string];
      else (value as Record<string | number, unknown>)[key] = odd === undefined ? null : structuredClone(odd);
    } else {
      damage(child, random);
    }
  }
}

const operation = operationFromDocument(schema, parse(QUERY), { validate: false });
const shaper = compileResultShaper(operation)!;
const plain = (value: unknown) => JSON.parse(JSON.stringify(value ?? null)) as unknown;
const outcome = (run: () => { data: unknown; errors: { message: string; path?: readonly (string | number)[] }[] }) => {
  try {
    const { data, errors } = run();
    return { data: plain(data), errors: errors.map((e) => ({ message: e.message, path: e.path })) };
  } catch (error) {
    return { thrown: (error as Error).message };
  }
};
const both = (data: unknown, variables: Record<string, unknown> | undefined) => ({
  compiled: outcome(() => shaper(structuredClone(data) as Record<string, unknown>, variables)),
  gateway: outcome(() => computeResponse({ operation, variables, input: structuredClone(data), introspectionHandling: () => null })),
});

describe('compileResultShaper', () => {
  it('shapes a well-formed answer as the gateway does: aliases, fragments, type conditions, @skip/@include, extra fields dropped', () => {
    for (const variables of [{ skipPrice: false }, { skipPrice: true, withTags: false }, { skipPrice: false, withTags: true }]) {
      const { compiled, gateway } = both(input(), variables);
      expect(compiled).toEqual(gateway);
      expect(JSON.stringify(compiled)).toBe(JSON.stringify(gateway)); // same keys in the same order
      expect((compiled as { errors: unknown[] }).errors).toEqual([]);
    }
  });

  it('answers 2,000 damaged answers exactly as the gateway does: nulls bubbling, errors, messages and paths', () => {
    const random = prng(21);
    let withErrors = 0;
    for (let n = 0; n < 2000; n++) {
      const data = input();
      damage(data, random);
      const variables = n % 50 === 0 ? { skipPrice: 'yes' } : { skipPrice: random() < 0.5, withTags: random() < 0.5 };
      const { compiled, gateway } = both(data, variables);
      expect(compiled, `case ${n}: ${JSON.stringify(data)}`).toEqual(gateway);
      expect(JSON.stringify(compiled), `case ${n}`).toBe(JSON.stringify(gateway));
      if ('errors' in gateway && gateway.errors?.length) withErrors++;
    }
    expect(withErrors).toBeGreaterThan(200); // the damage reaches the error paths
  });

  it('answers null data as given', () => {
    expect(shaper(null, {})).toEqual({ data: null, errors: [] });
    expect(shaper(undefined, {})).toEqual({ data: undefined, errors: [] });
  });

  it('leaves operations selecting __schema or __type, or aliasing a field __proto__, to the gateway', () => {
    const introspection = operationFromDocument(schema, parse('{ count __type(name: "Product") { name } }'), { validate: false });
    expect(compileResultShaper(introspection)).toBeUndefined();
    // Its objects are plain ones: a `__proto__` response name would set their prototype.
    expect(compileResultShaper(operationFromDocument(schema, parse('{ __proto__: count }'), { validate: false }))).toBeUndefined();
    expect(compileResultShaper(operationFromDocument(schema, parse('{ count __typename }'), { validate: false }))).toBeDefined();
  });
});
