import { createServer, type Server } from 'node:http';
import { Pool } from 'undici';

// The query plans @apollo/gateway makes for bench/gateway/operations.ts, captured from its
// subgraph fetches: the floor calls the subgraphs with exactly these, in plan order.
const PLANS: Record<string, { root: string; entities: { subgraph: 'pricing' | 'inventory'; query: string }[] }> = {
  ProductPage: {
    root: 'query ProductPage__catalog__0($id:ID!){product(id:$id){__typename id sku slug name description brand weightGrams dimensions{lengthMm widthMm heightMm}attributes{name value}images{url alt}category{id name slug ancestors{id name slug}}}}',
    entities: [
      { subgraph: 'inventory', query: 'query ProductPage__inventory__1($representations:[_Any!]!){_entities(representations:$representations){...on Product{stock{available inStock warehouses{warehouse{id name}available}}}}}' },
      { subgraph: 'pricing', query: 'query ProductPage__pricing__2($representations:[_Any!]!){_entities(representations:$representations){...on Product{price(currency:"EUR"){amount currency onSale list{amount currency}sale{amount currency}}}}}' },
    ],
  },
  Listing: {
    root: 'query Listing__catalog__0($first:Int!$categoryId:ID){products(first:$first categoryId:$categoryId){totalCount edges{cursor node{__typename id slug name brand images{url alt}}}pageInfo{hasNextPage endCursor}}}',
    entities: [
      { subgraph: 'inventory', query: 'query Listing__inventory__1($representations:[_Any!]!){_entities(representations:$representations){...on Product{stock{available inStock}}}}' },
      { subgraph: 'pricing', query: 'query Listing__pricing__2($representations:[_Any!]!){_entities(representations:$representations){...on Product{price(currency:"EUR"){amount currency onSale list{amount}}}}}' },
    ],
  },
};

type Json = Record<string, any>;

/**
 * The floor: an HTTP server that runs the fixed plan of each benchmark operation with undici
 * and no GraphQL work of its own (no parsing, validation, planning or result shaping beyond
 * merging the entity answers). What a perfect gateway would cost: one HTTP hop.
 */
export async function startDirectPlanServer(subgraphUrls: Record<string, string>): Promise<{ url: string; server: Server }> {
  const pools = Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [name, { pool: new Pool(new URL(url).origin, { connections: 32 }), path: new URL(url).pathname }]));
  const call = async (subgraph: string, query: string, variables: Json): Promise<Json> => {
    const { pool, path } = pools[subgraph]!;
    const res = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await res.body.json()) as Json;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables: Json };
        const name = /query\s+(\w+)/.exec(body.query)?.[1] ?? '';
        const plan = PLANS[name];
        if (!plan) throw new Error(`no plan for ${name}`);
        const root = (await call('catalog', plan.root, body.variables)).data as Json;
        const products: Json[] = name === 'ProductPage' ? [root.product] : root.products.edges.map((e: Json) => e.node);
        const representations = products.map((p) => ({ __typename: 'Product', id: p.id }));
        const answers = await Promise.all(plan.entities.map((e) => call(e.subgraph, e.query, { representations })));
        for (const answer of answers) answer.data._entities.forEach((entity: Json, i: number) => Object.assign(products[i]!, entity));
        for (const p of products) delete p.__typename;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: root }));
      } catch (error) {
        res.statusCode = 500;
        res.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/graphql`, server };
}
