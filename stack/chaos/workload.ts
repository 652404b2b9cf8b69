import type pg from 'pg';
import type { Evidence } from './invariants.js';
import { atFixedRate, postGraphQL, QUERIES, REQUEST_DEADLINE_MS, type RequestRecord } from './load.js';
import { WAREHOUSE } from './subscribers.js';
import { renamedTo } from './watched.js';

/** Product renames per second, in the catalog store. */
const RENAMES_PER_SECOND = 1;

/** One of each query through every gateway (answers ignored): JIT, pools and caches warm. */
export async function warmUp(options: { readonly gateways: readonly (readonly [string, string])[]; readonly hot: readonly string[]; readonly token: string }): Promise<void> {
  const productId = options.hot[0]!;
  const bodies = [
    { query: QUERIES.product, variables: { id: productId } }, { query: QUERIES.products }, { query: QUERIES.search },
    { query: QUERIES.shipping, variables: { postalCode: '10115', productId } },
  ];
  for (const [gateway, url] of options.gateways) {
    await Promise.all(bodies.map((body) => postGraphQL(gateway, url, 'warm-up', body, { deadlineMs: REQUEST_DEADLINE_MS, token: options.token })));
  }
}

/**
 * The chaos load: queries (product pages, listings, search, shipping quotes) and writes (price
 * and stock mutations on the hot products) through the gateways at fixed rates, and renames
 * straight in the catalog store; every acknowledged write is recorded for the invariants.
 */
export function startLoads(options: {
  readonly gateways: readonly (readonly [string, string])[]; readonly hot: readonly string[]; readonly pool: pg.Pool; readonly token: string;
  readonly queriesPerSecond: number; readonly writesPerSecond: number; readonly log: (line: string) => void;
}) {
  const { gateways, hot, pool, token, log } = options;
  const queries: RequestRecord[] = [];
  const writes: RequestRecord[] = [];
  const acked: Evidence['acked'][number][] = [];
  const queryLoad = atFixedRate(options.queriesPerSecond, async (i) => {
    const [gateway, url] = gateways[i % gateways.length]!;
    const r = i % 10;
    const productId = r < 3 ? hot[i % hot.length]! : `p-${1 + (i * 7919) % 200}`;
    const [name, body] = r < 6 ? ['product', { query: QUERIES.product, variables: { id: productId } }] as const
      : r < 8 ? ['products', { query: QUERIES.products }] as const
        : r < 9 ? ['search', { query: QUERIES.search }] as const
          : ['shippingQuotes', { query: QUERIES.shipping, variables: { postalCode: String(10000 + (i % 90000)), productId } }] as const;
    queries.push(await postGraphQL(gateway, url, name, body, { deadlineMs: REQUEST_DEADLINE_MS, token }));
  });
  const writeLoad = atFixedRate(options.writesPerSecond, async (i) => {
    const [gateway, url] = gateways[Math.floor(i / 2) % gateways.length]!;
    const productId = hot[Math.floor(i / 2) % hot.length]!;
    if (i % 2 === 0) {
      const marker = 100_000 + i; // a list amount no other write uses
      const rec = await postGraphQL(gateway, url, 'setPrice', {
        query: QUERIES.setPrice, variables: { input: { productId, currency: 'EUR', listAmount: marker, saleAmount: null } },
      }, { deadlineMs: REQUEST_DEADLINE_MS, token });
      writes.push(rec);
      if (rec.outcome === 'ok') acked.push({ key: `price:${productId}`, version: rec.data.setPrice.version, value: marker });
    } else {
      const rec = await postGraphQL(gateway, url, 'adjustStock', {
        query: QUERIES.adjustStock, variables: { input: { productId, warehouseId: WAREHOUSE, delta: 1, reason: `chaos write ${i}` } },
      }, { deadlineMs: REQUEST_DEADLINE_MS, token });
      writes.push(rec);
      if (rec.outcome === 'ok') acked.push({ key: `stock:${productId}`, version: rec.data.adjustStock.version, value: rec.data.adjustStock.onHand });
    }
  });
  // Renames, straight in the catalog store (catalog has no mutation): the search probe checks
  // that names converge too. Each name carries a word no other write uses.
  let renames = 0;
  const renameLoad = atFixedRate(RENAMES_PER_SECOND, async (i) => {
    const productId = hot[i % hot.length]!;
    await pool.query<{ version: number }>('UPDATE catalog.products SET name = $2, version = version + 1 WHERE id = $1 RETURNING version', [productId, renamedTo(productId, i)])
      .then(({ rows }) => {
        renames += 1;
        acked.push({ key: `product:${productId}`, version: rows[0]!.version, value: i });
      }, (error: Error) => log(`  rename of ${productId} failed: ${error.message}`));
  });
  return {
    queries, writes, acked,
    renames: () => renames,
    stop: async () => { await Promise.all([queryLoad.stop(), writeLoad.stop(), renameLoad.stop()]); },
  };
}
