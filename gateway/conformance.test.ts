// Standard federation behaviour on small supergraphs that are not ours: the gateway serves
// any supergraph. Each case is two tiny subgraphs (Apollo Server + @apollo/subgraph, plain
// HTTP) composed here, behind our gateway with a plain undici data source.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { QueryPlanner } from '@apollo/query-planner';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../lib/logging/index.js';
import { composeSupergraph } from '../lib/schema/index.js';
import { devStackSecurity } from '../stack/stackSecurity.js';
import { startGateway, type GatewayServer } from './startGateway.js';
import { createUndiciDataSource } from './undiciDataSource.js';

const logger = createLogger({ level: 'silent', service: 'test' });
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@external", "@requires", "@shareable", "@interfaceObject"])';

interface Fixture { readonly name: string; readonly sdl: string; readonly resolvers: object }

/** Serves the fixture subgraphs, composes them and starts the gateway over them; returns a query function. */
async function fixtureGateway(fixtures: readonly Fixture[], closers: (() => Promise<void>)[]) {
  const served = await Promise.all(fixtures.map(async (f) => {
    const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(`${LINK}\n${f.sdl}`), resolvers: f.resolvers as never }) });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    closers.push(() => server.stop());
    return { name: f.name, url, sdl: `${LINK}\n${f.sdl}` };
  }));
  const composed = composeSupergraph(served);
  if (!composed.ok) throw new Error(composed.errors.join('\n'));
  const security = devStackSecurity();
  const gateway: GatewayServer = await startGateway({
    supergraphSdl: composed.supergraphSdl, port: 0, environment: 'test', logger, ...security,
    mutationsNeedCaller: false, dataSource: ({ url }) => createUndiciDataSource({ url }),
  });
  closers.push(() => gateway.close());
  return async (query: string) => {
    const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  };
}

describe('federation conformance on fixture supergraphs', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it("@requires on a field with arguments: the client's argument wins in its answer, the required one feeds the requiring field", async () => {
    const PRICES: Record<string, number> = { EUR: 100, USD: 110, GBP: 90 };
    const query = await fixtureGateway([
      {
        name: 'prices',
        sdl: 'type Query { product(id: ID!): Product }\ntype Product @key(fields: "id") { id: ID! price(currency: String!): Int! }',
        resolvers: {
          Query: { product: (_: unknown, { id }: { id: string }) => ({ id }) },
          Product: { __resolveReference: (p: { id: string }) => p, price: (_p: unknown, { currency }: { currency: string }) => PRICES[currency] },
        },
      },
      {
        name: 'shipping',
        sdl: 'type Product @key(fields: "id") { id: ID! price(currency: String!): Int! @external\n  shippingCost: Int! @requires(fields: "price(currency: \\"EUR\\")") }',
        resolvers: {
          Product: {
            __resolveReference: (p: { id: string; price: number }) => p,
            // Free shipping over 95 EUR; the requiring field reads the EUR price the gateway sent.
            shippingCost: (p: { price: number }) => (p.price > 95 ? 0 : 5),
          },
        },
      },
    ], closers);
    const result = await query('{ product(id: "1") { id price(currency: "USD") shippingCost } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ product: { id: '1', price: 110, shippingCost: 0 } });
    // The requiring field alone, and beside the same field with the required argument itself.
    expect((await query('{ product(id: "1") { shippingCost } }')).data).toEqual({ product: { shippingCost: 0 } });
    expect((await query('{ product(id: "1") { price(currency: "EUR") gbp: price(currency: "GBP") shippingCost } }')).data)
      .toEqual({ product: { price: 100, gbp: 90, shippingCost: 0 } });
  });

  it('@interfaceObject: fields another subgraph adds to an interface reach every implementation, and its own root fields resolve the concrete type', async () => {
    const MEDIA: Record<string, { __typename: string; id: string; title: string }> = {
      b1: { __typename: 'Book', id: 'b1', title: 'Dune' }, f1: { __typename: 'Film', id: 'f1', title: 'Alien' },
    };
    const query = await fixtureGateway([
      {
        name: 'media',
        sdl: `type Query { allMedia: [Media!]! }
interface Media @key(fields: "id") { id: ID! title: String! }
type Book implements Media @key(fields: "id") { id: ID! title: String! pages: Int! }
type Film implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! }`,
        resolvers: {
          Query: { allMedia: () => Object.values(MEDIA) },
          Media: { __resolveReference: ({ id }: { id: string }) => MEDIA[id] ?? null, __resolveType: (m: { __typename: string }) => m.__typename },
          Book: { __resolveReference: ({ id }: { id: string }) => MEDIA[id], pages: () => 412 },
          Film: { __resolveReference: ({ id }: { id: string }) => MEDIA[id], minutes: () => 117 },
        },
      },
      {
        name: 'reviews',
        sdl: `type Query { topMedia: Media missingMedia: Media }
type Media @key(fields: "id") @interfaceObject { id: ID! reviews: [String!]! }`,
        resolvers: {
          Query: { topMedia: () => ({ id: 'f1' }), missingMedia: () => ({ id: 'zz' }) },
          Media: { __resolveReference: ({ id }: { id: string }) => ({ id }), reviews: ({ id }: { id: string }) => [`great ${id}`] },
        },
      },
    ], closers);
    const all = await query('{ allMedia { id title reviews ... on Book { pages } ... on Film { minutes } } }');
    expect(all.errors).toBeUndefined();
    expect(all.data.allMedia).toEqual([
      { id: 'b1', title: 'Dune', reviews: ['great b1'], pages: 412 },
      { id: 'f1', title: 'Alien', reviews: ['great f1'], minutes: 117 },
    ]);
    const top = await query('{ topMedia { __typename id title reviews ... on Film { minutes } } }');
    expect(top.errors).toBeUndefined();
    expect(top.data.topMedia).toEqual({ __typename: 'Film', id: 'f1', title: 'Alien', reviews: ['great f1'], minutes: 117 });
    // A reference the interface's owner does not know: an error with the interface and key, not a silent null.
    const missing = await query('{ missingMedia { __typename id title reviews } }');
    expect(missing.data).toEqual({ missingMedia: null });
    expect(missing.errors).toEqual([expect.objectContaining({
      message: expect.stringContaining('Media {"id":"zz"} is not known'), path: ['missingMedia'],
      extensions: expect.objectContaining({ code: 'ENTITY_NOT_RESOLVED', typename: 'Media', key: { id: 'zz' } }),
    })]);
  });

  it('an entity whose keys differ by subgraph: the plan hops through the subgraph that knows both to reach the other', async () => {
    const SKU: Record<string, string> = { 1: 'SKU-1', 2: 'SKU-2' };
    const query = await fixtureGateway([
      {
        name: 'catalog',
        sdl: 'type Query { product(id: ID!): Product products: [Product!]! }\ntype Product @key(fields: "id") { id: ID! name: String! }',
        resolvers: {
          Query: { product: (_: unknown, { id }: { id: string }) => ({ id }), products: () => [{ id: '1' }, { id: '2' }] },
          Product: { __resolveReference: (p: { id: string }) => p, name: (p: { id: string }) => `Product ${p.id}` },
        },
      },
      {
        name: 'bridge',
        sdl: 'type Product @key(fields: "id") @key(fields: "sku") { id: ID! sku: String! }',
        resolvers: {
          Product: {
            __resolveReference: (p: { id?: string; sku?: string }) => (p.id ? { id: p.id, sku: SKU[p.id] } : { sku: p.sku, id: Object.keys(SKU).find((k) => SKU[k] === p.sku) }),
          },
        },
      },
      {
        name: 'warehouse',
        sdl: 'type Product @key(fields: "sku") { sku: String! stockLevel: Int! }',
        resolvers: { Product: { __resolveReference: (p: { sku: string }) => p, stockLevel: (p: { sku: string }) => (p.sku === 'SKU-1' ? 7 : 0) } },
      },
    ], closers);
    const one = await query('{ product(id: "1") { name stockLevel } }');
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual({ product: { name: 'Product 1', stockLevel: 7 } });
    const all = await query('{ products { id sku stockLevel } }');
    expect(all.data).toEqual({ products: [{ id: '1', sku: 'SKU-1', stockLevel: 7 }, { id: '2', sku: 'SKU-2', stockLevel: 0 }] });
  });
  it("@requires with arguments beside the client's own selection of that field with other arguments: each gets its own", async () => {
    const COMMENTS = [
      { id: 'c1', postId: 'p1', authorId: 'a1' }, { id: 'c2', postId: 'p1', authorId: 'a1' }, { id: 'c3', postId: 'p1', authorId: 'a2' },
      { id: 'c4', postId: 'p1', authorId: 'a3' },
    ];
    const query = await fixtureGateway([
      {
        name: 'posts',
        sdl: `type Query { feed: [Post!]! }
type Post @key(fields: "id") { id: ID! comments(limit: Int!): [Comment!]! }
type Comment @key(fields: "id") { id: ID! authorId: ID! }`,
        resolvers: {
          Query: { feed: () => [{ id: 'p1' }] },
          Post: { comments: (p: { id: string }, { limit }: { limit: number }) => COMMENTS.filter((c) => c.postId === p.id).slice(0, limit) },
          Comment: { __resolveReference: ({ id }: { id: string }) => COMMENTS.find((c) => c.id === id) },
        },
      },
      {
        name: 'authors',
        sdl: `type Post @key(fields: "id") { id: ID! comments(limit: Int!): [Comment!]! @external
  thirdCommenter: ID @requires(fields: "comments(limit: 3) { authorId }") }
type Comment @key(fields: "id", resolvable: false) { id: ID! authorId: ID! @external }`,
        resolvers: {
          Post: {
            __resolveReference: (p: { id: string; comments?: { authorId: string }[] }) => p,
            // Reads the third comment: wrong (or an error) when it is sent fewer than three.
            thirdCommenter: (p: { comments: { authorId: string }[] }) => p.comments[2]?.authorId ?? 'too few comments',
          },
        },
      },
    ], closers);
    const expected = { feed: [{ thirdCommenter: 'a2', comments: [{ id: 'c1' }] }] };
    const direct = await query('{ feed { thirdCommenter comments(limit: 1) { id } } }');
    expect(direct.errors).toBeUndefined();
    expect(direct.data).toEqual(expected);
    // Through a variable and through two fragments, and key order as the client asked.
    const viaVariable = await query('query ($limit: Int = 1) { feed { thirdCommenter ...A ...B } } fragment A on Post { comments(limit: $limit) { id } } fragment B on Post { comments(limit: $limit) { id } }');
    expect(viaVariable.data).toEqual(expected);
    expect(JSON.stringify(viaVariable.data)).toBe(JSON.stringify(expected));
    // The same arguments as the requirement: one field, fetched once, is right for both.
    expect((await query('{ feed { comments(limit: 3) { authorId } thirdCommenter } }')).data)
      .toEqual({ feed: [{ comments: [{ authorId: 'a1' }, { authorId: 'a1' }, { authorId: 'a2' }], thirdCommenter: 'a2' }] });
  });

  it('after an @requires the entity goes back under a key the requiring subgraph can resolve, not its first key', async () => {
    const A: Record<string, { id: string; code: { one: string; two: string; three: string }; name: string }> = {
      1: { id: '1', code: { one: 'o1', two: 't1', three: 'h1' }, name: 'a.1' },
    };
    const query = await fixtureGateway([
      {
        name: 'names',
        sdl: `type A @key(fields: "id") @key(fields: "code { one two }", resolvable: false) { id: ID! code: Code! name: String! }
type Code @shareable { one: ID! two: ID! three: ID! }`,
        resolvers: { A: { __resolveReference: ({ id }: { id: string }) => A[id] ?? null } },
      },
      {
        name: 'lists',
        sdl: `type Query { list: [A!]! }
type A @key(fields: "code { one two }", resolvable: false) @key(fields: "id code { two three }") {
  id: ID! code: Code! name: String! @external greeting: String! @requires(fields: "name") }
type Code @shareable { one: ID! two: ID! three: ID! }`,
        resolvers: {
          Query: { list: () => Object.values(A).map(({ id, code }) => ({ id, code })) },
          A: {
            // Only the resolvable key finds the entity: a reference by code { one two } alone is unknown.
            __resolveReference: (ref: { id?: string; code: { three?: string }; name: string }) =>
              ref.id && ref.code.three ? { id: ref.id, name: ref.name } : null,
            greeting: (a: { name: string }) => `hello ${a.name}`,
          },
        },
      },
    ], closers);
    const result = await query('{ list { id name greeting } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ list: [{ id: '1', name: 'a.1', greeting: 'hello a.1' }] });
  });

  it('an operation no subgraph path can answer is an OPERATION_NOT_PLANNABLE error, not a silent null', async () => {
    const query = await fixtureGateway([
      {
        name: 'nodes',
        sdl: `type Query { node: Node }
interface Node @key(fields: "id") { id: ID! }`,
        resolvers: { Query: { node: () => ({ __typename: 'Node', id: 'n1' }) } },
      },
      {
        name: 'labels',
        sdl: `type Query { labelled: Node }
type Node @key(fields: "id", resolvable: false) @interfaceObject { id: ID! label: String }`,
        resolvers: { Query: { labelled: () => ({ id: 'n1' }) }, Node: { label: () => 'L' } },
      },
    ], closers);
    // Node has no implementation, and labels' Node cannot be reached by key: `node.label` has no path.
    const planned = vi.spyOn(QueryPlanner.prototype, 'buildQueryPlan');
    const result = await query('{ node { label } }');
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'OPERATION_NOT_PLANNABLE' }) })]);
    // Asked again, it is answered alike without planning again.
    const plans = planned.mock.calls.length;
    expect(plans).toBeGreaterThan(0);
    expect((await query('{ node { label } }')).errors).toEqual([expect.objectContaining({ message: result.errors![0]!.message })]);
    expect(planned.mock.calls.length).toBe(plans);
    planned.mockRestore();
    // Reachable fields of the same types still answer, and introspection alone plans nothing and is fine.
    expect((await query('{ labelled { id label } }')).data).toEqual({ labelled: { id: 'n1', label: 'L' } });
    expect((await query('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
  it('two @requires of one entity needing one field with different arguments: each requiring field gets its own value', async () => {
    const RATE: Record<string, number> = { USD: 1, EUR: 2 };
    const query = await fixtureGateway([
      {
        name: 'prices',
        sdl: 'type Query { products: [Product!]! }\ntype Product @key(fields: "upc") { upc: String! price(currency: String!): Int! weight: Int! }',
        resolvers: {
          Query: { products: () => [{ upc: 'p1', base: 11, weight: 1 }, { upc: 'p2', base: 22, weight: 2 }] },
          Product: { price: (p: { base: number }, { currency }: { currency: string }) => p.base * RATE[currency]! },
        },
      },
      {
        name: 'shipping',
        sdl: `type Product @key(fields: "upc") { upc: String! price(currency: String!): Int! @external weight: Int! @external
  estimate: Int! @requires(fields: "price(currency: \\"USD\\") weight")
  estimateEUR: Int! @requires(fields: "price(currency: \\"EUR\\") weight")
  plain: String! }`,
        resolvers: {
          Product: {
            __resolveReference: (p: object) => p,
            estimate: (p: { price: number; weight: number }) => p.price * p.weight * 10,
            estimateEUR: (p: { price: number; weight: number }) => p.price * p.weight * 10,
            plain: (p: { upc: string }) => `plain ${p.upc}`,
          },
        },
      },
    ], closers);
    const result = await query('{ products { upc estimate estimateEUR plain } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ products: [
      { upc: 'p1', estimate: 110, estimateEUR: 220, plain: 'plain p1' },
      { upc: 'p2', estimate: 440, estimateEUR: 880, plain: 'plain p2' },
    ] });
    // Either one alone, and beside the client's own price in another currency.
    expect((await query('{ products { estimateEUR } }')).data).toEqual({ products: [{ estimateEUR: 220 }, { estimateEUR: 880 }] });
    expect((await query('{ products { price(currency: "EUR") estimate } }')).data)
      .toEqual({ products: [{ price: 22, estimate: 110 }, { price: 44, estimate: 440 }] });
  });
});
