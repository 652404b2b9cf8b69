// Standard federation behaviour on small supergraphs that are not ours: the gateway serves
// any supergraph. Each case is two tiny subgraphs (Apollo Server + @apollo/subgraph, plain
// HTTP) composed here, behind our gateway with a plain undici data source.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
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
});
