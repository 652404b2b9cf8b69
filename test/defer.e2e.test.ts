import { ApolloClient, gql as parseGql, HttpLink, InMemoryCache } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeader } from './helpers/auth.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const PAGE = /* GraphQL */ `query DeferredPage($id: ID!, $to: DestinationInput!) {
  product(id: $id) {
    id
    name
    ... @defer(label: "shipping") { shippingEstimate(destination: $to) { quotes { carrier service } } }
  }
}`;
const LISTING = /* GraphQL */ `{ products(first: 3) { edges { node { id ... @defer { stock { available } } } } } }`;
const to = { country: 'DE', postalCode: '10115' };

/** The raw multipart answer: its content type and each part's JSON. */
async function multipart(stack: TestStack, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(stack.url, {
    method: 'POST', body: JSON.stringify({ query, variables }),
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed;deferSpec=20220824,application/json', ...headers },
  });
  const text = await response.text();
  const parts = text.split('\r\n--graphql').slice(1).map((p) => p.replace(/^--\r\n$/, '')).filter((p) => p.includes('{'))
    .map((p) => JSON.parse(p.slice(p.indexOf('\r\n\r\n') + 4)));
  return { status: response.status, contentType: response.headers.get('content-type'), text, parts };
}

describe('@defer over multipart HTTP', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack('pg', { products: 10 });
  }, 60_000);
  afterAll(async () => stack?.close());

  it('answers the product first and the deferred shipping estimate after, in the format Apollo Client reads', async () => {
    const { status, contentType, parts, text } = await multipart(stack, PAGE, { id: 'p-2', to });
    expect(status).toBe(200);
    expect(contentType).toBe('multipart/mixed;boundary="graphql";deferSpec=20220824');
    expect(text.endsWith('\r\n--graphql--\r\n')).toBe(true);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toEqual({ data: { product: { id: 'p-2', name: expect.any(String) } }, hasNext: true });
    expect(parts[1]).toEqual({
      incremental: [{ label: 'shipping', path: ['product'], data: { shippingEstimate: { quotes: expect.arrayContaining([expect.objectContaining({ carrier: expect.any(String) })]) } } }],
      hasNext: false,
    });
  });

  it('delivers a fragment deferred inside a list once per item, at the item\'s path', async () => {
    const { parts } = await multipart(stack, LISTING);
    const ids = parts[0].data.products.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toHaveLength(3);
    expect(parts[1].incremental.map((i: { path: unknown[] }) => i.path)).toEqual([0, 1, 2].map((n) => ['products', 'edges', n, 'node']));
    for (const item of parts[1].incremental) expect(item.data).toEqual({ stock: { available: expect.any(Number) } });
  });

  it('is read by Apollo Client 4: the cache ends with the whole product', async () => {
    const client = new ApolloClient({ link: new HttpLink({ uri: stack.url }), cache: new InMemoryCache(), incrementalHandler: new Defer20220824Handler() });
    const seen: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = client.watchQuery({ query: parseGql(PAGE), variables: { id: 'p-3', to } }).subscribe({
        next: (result) => {
          seen.push(result.data);
          if ((result.data as { product?: { shippingEstimate?: unknown } } | undefined)?.product?.shippingEstimate) {
            sub.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    expect(seen.at(-1)).toMatchObject({ product: { id: 'p-3', shippingEstimate: { quotes: expect.any(Array) } } });
    expect(seen.some((d) => (d as { product?: object } | undefined)?.product && !('shippingEstimate' in (d as { product: object }).product))).toBe(true);
  });

  it('keeps the limits, authorization and errors of whole operations', async () => {
    // Over the cost limit as a whole, though each part alone would pass: refused before anything runs.
    const costly = await multipart(stack, `{ products(first: 100) { edges { node { id ... @defer { shippingEstimate(destination: { country: "DE", postalCode: "10115" }) { quotes { carrier } } } } } } }`);
    expect(costly.status).toBe(400);
    expect(JSON.parse(costly.text).errors[0].extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'cost' });
    // A deferred field the caller may not read: removed with its error, in the deferred part.
    const reserved = await multipart(stack, `{ product(id: "p-1") { id ... @defer { stock { available reserved } } } }`);
    expect(reserved.parts[1].incremental[0].errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    const staff = await multipart(stack, `{ product(id: "p-1") { id ... @defer { stock { reserved } } } }`, {}, await authHeader(stack, 'warehouse'));
    expect(staff.parts[1].incremental[0].data).toEqual({ stock: { reserved: expect.any(Number) } });
    // A client that cannot read multipart gets the whole answer at once.
    const whole = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PAGE, variables: { id: 'p-2', to } }) });
    expect(((await whole.json()) as { data: { product: { shippingEstimate: unknown } } }).data.product.shippingEstimate).toBeTruthy();
  });
});
