import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCodes, gql, leaksStack } from './helpers/graphql.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

/** The cart page's query from issue 5, with the unavailable carriers beside the quotes. */
const CART = /* GraphQL */ `
  query Cart($destination: DestinationInput!, $items: [ShippingItemInput!]!) {
    shippingQuotes(destination: $destination, items: $items) {
      quotes { carrier service amount { amount currency } estimatedDays { min max } }
      unavailableCarriers { carrier reason }
      parcel { weightGrams lengthMm widthMm heightMm }
    }
  }`;

const PRODUCT_PAGE = /* GraphQL */ `
  query ProductShipping($id: ID!, $destination: DestinationInput!) {
    product(id: $id) {
      id weightGrams dimensions { lengthMm widthMm heightMm }
      shippingEstimate(destination: $destination) {
        quotes { carrier service amount { amount currency } }
        unavailableCarriers { carrier reason }
        parcel { weightGrams lengthMm widthMm heightMm }
      }
    }
  }`;

const BERLIN = { country: 'DE', postalCode: '10115' };

describe('shipping quotes through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    // No quote cache, so each test sees the carriers as they are now.
    stack = await startTestStack('pg', { shipping: { quoteCacheTtlMs: 0, breakerHalfOpenMs: 300 } });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack.carrierSimulator!.reset();
  });

  it('answers the cart query with every carrier\'s quotes for the parcel weighed by catalog', async () => {
    const res = await gql(stack.url, CART, { destination: BERLIN, items: [{ productId: 'p-1', quantity: 2 }, { productId: 'p-2', quantity: 1 }] });
    expect(res.body.errors).toBeUndefined();
    const { quotes, unavailableCarriers, parcel } = res.body.data.shippingQuotes;
    expect(unavailableCarriers).toEqual([]);
    expect(new Set(quotes.map((q: any) => q.carrier))).toEqual(new Set(['parcelo', 'skyway', 'freightly']));
    expect(quotes[0]).toMatchObject({ amount: { currency: 'EUR' }, estimatedDays: { min: expect.any(Number), max: expect.any(Number) } });
    // The parcel is the catalog's weight × quantity.
    const p1 = (await gql(stack.url, PRODUCT_PAGE, { id: 'p-1', destination: BERLIN })).body.data.product;
    const p2 = (await gql(stack.url, PRODUCT_PAGE, { id: 'p-2', destination: BERLIN })).body.data.product;
    expect(parcel.weightGrams).toBe(p1.weightGrams * 2 + p2.weightGrams);
    expect(parcel.heightMm).toBe(p1.dimensions.heightMm * 2 + p2.dimensions.heightMm);
  });

  it('quotes a product page through @requires on catalog\'s weight and dimensions', async () => {
    const res = await gql(stack.url, PRODUCT_PAGE, { id: 'p-3', destination: { country: 'US', postalCode: '10001' } });
    expect(res.body.errors).toBeUndefined();
    const { product } = res.body.data;
    expect(product.shippingEstimate.parcel).toEqual({ weightGrams: product.weightGrams, ...product.dimensions });
    // parcelo ships within Europe only: it says so instead of leaving a silent gap.
    expect(product.shippingEstimate.unavailableCarriers).toEqual([{ carrier: 'parcelo', reason: 'DECLINED' }]);
    expect(product.shippingEstimate.quotes.length).toBeGreaterThan(0);
  });

  // Bounds with slack for a loaded 2-core machine: without failover a hung carrier would hold
  // the answer until the client gives up; the figures themselves come from `npm run bench -- shipping`.
  it.each([
    ['reset', ['UNAVAILABLE'], 1_000],
    // The reset run's failures may open the breaker during this one: CIRCUIT_OPEN is a fair answer too.
    ['hang', ['TIMEOUT', 'DEADLINE_EXCEEDED', 'CIRCUIT_OPEN'], 1_500],
  ] as const)('answers with the remaining carriers and names the one that is down (%s) in time', async (outage, reasons, bound) => {
    stack.carrierSimulator!.setFaults('skyway', { outage });
    const started = performance.now();
    const res = await gql(stack.url, CART, { destination: BERLIN, items: [{ productId: 'p-4', quantity: 1 }] });
    expect(performance.now() - started).toBeLessThan(bound);
    expect(res.body.errors).toBeUndefined();
    const { quotes, unavailableCarriers } = res.body.data.shippingQuotes;
    expect(unavailableCarriers).toHaveLength(1);
    expect(unavailableCarriers[0].carrier).toBe('skyway');
    expect(reasons).toContain(unavailableCarriers[0].reason);
    expect(new Set(quotes.map((q: any) => q.carrier))).toEqual(new Set(['parcelo', 'freightly']));
  });

  it.each([
    ['an unknown country', { destination: { country: 'XX', postalCode: '10115' }, items: [{ productId: 'p-1', quantity: 1 }] }, 'BAD_USER_INPUT', 'destination.country'],
    ['a postal code in the wrong format', { destination: { country: 'DE', postalCode: 'ABC' }, items: [{ productId: 'p-1', quantity: 1 }] }, 'BAD_USER_INPUT', 'destination.postalCode'],
    ['a quantity of 0', { destination: BERLIN, items: [{ productId: 'p-1', quantity: 0 }] }, 'BAD_USER_INPUT', 'items[0].quantity'],
    ['a negative quantity', { destination: BERLIN, items: [{ productId: 'p-1', quantity: -3 }] }, 'BAD_USER_INPUT', 'items[0].quantity'],
    ['an unknown product', { destination: BERLIN, items: [{ productId: 'p-1', quantity: 1 }, { productId: 'p-999999', quantity: 1 }] }, 'PRODUCT_NOT_FOUND', undefined],
    ['a malformed product id', { destination: BERLIN, items: [{ productId: 'x; drop', quantity: 1 }] }, 'BAD_USER_INPUT', 'items[0].productId'],
    ['too many items', { destination: BERLIN, items: Array.from({ length: 51 }, (_, i) => ({ productId: `p-${i + 1}`, quantity: 1 })) }, 'BAD_USER_INPUT', 'items'],
    ['no items', { destination: BERLIN, items: [] }, 'BAD_USER_INPUT', 'items'],
  ])('refuses %s with %s and calls no carrier', async (_name, variables, code, field) => {
    const res = await gql(stack.url, CART, variables);
    expect(errorCodes(res)).toEqual([code]);
    if (field) expect(res.body.errors![0]!.extensions!.field).toBe(field);
    expect(res.body.errors![0]!.message.length).toBeGreaterThan(10);
    expect(leaksStack(res)).toBe(false);
    const stats = stack.carrierSimulator!.stats();
    expect(stats.parcelo.requests + stats.skyway.requests + stats.freightly.requests).toBe(0);
  });

  it('refuses an unknown country on the product page with BAD_USER_INPUT', async () => {
    const res = await gql(stack.url, PRODUCT_PAGE, { id: 'p-1', destination: { country: 'ZZ', postalCode: '1' } });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(leaksStack(res)).toBe(false);
  });

  it('exposes carrier metrics from the running stack', async () => {
    await gql(stack.url, CART, { destination: BERLIN, items: [{ productId: 'p-5', quantity: 1 }] });
    const { carriers } = stack.shipping.metrics.snapshot();
    expect(carriers.parcelo!.quotes.ok).toBeGreaterThan(0);
    expect(carriers.freightly!.latencyMs.count).toBeGreaterThan(0);
  });

  describe('external fan-out (issue 15 item 10)', () => {
    const carrierCalls = () => {
      const stats = stack.carrierSimulator!.stats();
      return stats.parcelo.quotes + stats.skyway.quotes + stats.freightly.quotes;
    };
    const cart = (i: number) => `q${i}: shippingQuotes(destination: { country: "DE", postalCode: "${10115 + i}" }, items: [{ productId: "p-1", quantity: 1 }]) { quotes { carrier } }`;

    it('refuses shippingEstimate on a 100-product listing by its cost, before any carrier is called', async () => {
      const res = await gql(stack.url, `{ products(first: 100) { edges { node { id shippingEstimate(destination: { country: "DE", postalCode: "10115" }) { quotes { carrier } } } } } }`);
      expect(errorCodes(res)).toEqual(['QUERY_LIMIT_EXCEEDED']);
      // By the supergraph's directives: products 1 + 100 edges × (edge 1 + node 1 + shippingEstimate @cost(weight: 100) + quotes @listSize(assumedSize: 3))
      const estimated = 1 + 100 * (1 + 1 + 100 + 3);
      expect(res.body.errors![0]!.extensions).toMatchObject({ limit: 'cost', max: 5000, actual: estimated, cost: { estimated, max: 5000 } });
      expect(carrierCalls()).toBe(0);
    });

    it('asks the carriers for at most SHIPPING_MAX_QUOTES_PER_REQUEST distinct quotes per request', async () => {
      const res = await gql(stack.url, `{ ${Array.from({ length: 15 }, (_, i) => cart(i)).join(' ')} }`);
      expect(errorCodes(res)).toContain('QUERY_LIMIT_EXCEEDED');
      expect(leaksStack(res)).toBe(false);
      // 10 quotes, 3 carriers, one call each (no retries when all answer).
      expect(carrierCalls()).toBeLessThanOrEqual(30);
    });

    it('shares one cost budget among the operations of a batched request', async () => {
      const operation = { query: `{ ${Array.from({ length: 15 }, (_, i) => cart(i)).join(' ')} }` };
      const res = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Array.from({ length: 10 }, () => operation)) });
      const results = (await res.json()) as { errors?: { extensions?: { code?: string; limit?: string } }[] }[];
      const refused = results.filter((r) => r.errors?.some((e) => e.extensions?.code === 'QUERY_LIMIT_EXCEEDED' && e.extensions.limit === 'cost'));
      expect(refused.length).toBeGreaterThanOrEqual(7);
      expect(carrierCalls()).toBeLessThanOrEqual(3 * 30);
    });

    it('answers identical quotes in one request with one call per carrier', async () => {
      const same = `shippingQuotes(destination: { country: "DE", postalCode: "10115" }, items: [{ productId: "p-1", quantity: 1 }]) { quotes { carrier } }`;
      const single = await gql(stack.url, `{ a: ${same} }`);
      expect(single.body.errors).toBeUndefined();
      const one = carrierCalls();
      stack.carrierSimulator!.reset();
      const res = await gql(stack.url, `{ a: ${same} b: ${same} c: ${same} }`);
      expect(res.body.errors).toBeUndefined();
      expect(carrierCalls()).toBeLessThanOrEqual(one);
    });
  });
});

describe('the embedded stack in production', () => {
  it('starts no carrier simulator (its admin API is unauthenticated): shipping has no carrier until CARRIER_* are set', async () => {
    const stack = await startTestStack('pglite', { environment: 'production', products: 5 });
    try {
      expect(stack.carrierSimulator).toBeUndefined();
      expect(stack.shipping.quoter().carriers).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});
