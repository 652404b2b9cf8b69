import { Redis } from 'ioredis';
import type pg from 'pg';
import { DEAD_LETTER_STREAM, entryJson, fieldsOf, streamOf, type EventType } from '../../lib/events/index.js';
import type { Evidence, Key, StreamEvent } from './invariants.js';
import { postGraphQL, REQUEST_DEADLINE_MS } from './load.js';
import { WAREHOUSE } from './subscribers.js';
import { renameMarker } from './watched.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long after settling the search index may take to reflect the stores. */
export const SEARCH_BOUND_MS = 20_000;
const PRICE: EventType = 'commerce.pricing.price_changed.v1';
const STOCK: EventType = 'commerce.inventory.stock_changed.v1';
const PRODUCT: EventType = 'commerce.catalog.product_changed.v1';

/** The events of the watched keys on the streams (under `chaos:`), and what the consumer groups still hold pending. */
export async function readStreamEvidence(redisUrl: string, hot: readonly string[], log: (line: string) => void) {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const stream = new Map<Key, StreamEvent[]>();
  const pendingInGroups: { stream: string; group: string; pending: number }[] = [];
  // Consumer groups on a stream (the search indexer's), logged with their position.
  const groupsOf = async (name: string, type: EventType) => {
    const groups = (await client.call('XINFO', 'GROUPS', name).catch(() => [])) as unknown[][];
    const found: { stream: string; group: string; pending: number }[] = [];
    for (const g of groups) {
      const info: Record<string, unknown> = {};
      for (let i = 0; i + 1 < g.length; i += 2) info[String(g[i])] = g[i + 1];
      found.push({ stream: streamOf(type), group: String(info.name), pending: Number(info.pending) });
      log(`group ${String(info.name)} on ${name}: last delivered ${String(info['last-delivered-id'])}, lag ${String(info.lag)}, pending ${String(info.pending)}; stream length ${await client.xlen(name)}`);
    }
    return found;
  };
  try {
    for (const type of [PRICE, STOCK, PRODUCT]) {
      const name = `chaos:${streamOf(type)}`;
      const entries = (await client.xrange(name, '-', '+')) as [string, string[]][];
      const byId = new Map<string, { key: Key; ev: StreamEvent }>();
      for (const [, flat] of entries) {
        const event = JSON.parse(entryJson(fieldsOf(flat))!);
        const data = event.data;
        if (type === PRICE ? data.currency !== 'EUR' : type === STOCK ? data.warehouseId !== WAREHOUSE : !hot.includes(data.productId)) continue;
        const key = `${type === PRICE ? 'price' : type === STOCK ? 'stock' : 'product'}:${data.productId}`;
        const seen = byId.get(event.id);
        if (seen) byId.set(event.id, { key, ev: { ...seen.ev, entries: seen.ev.entries + 1 } });
        else byId.set(event.id, { key, ev: { id: event.id, version: data.after?.version ?? -1, time: Date.parse(event.time), value: type === PRICE ? data.after?.listAmount : type === STOCK ? data.after?.onHand : renameMarker(data.after?.name ?? ''), entries: 1 } });
      }
      for (const { key, ev } of byId.values()) stream.set(key, [...(stream.get(key) ?? []), ev]);
      if (type === PRICE) {
        const dead = (await client.xrange(`chaos:${DEAD_LETTER_STREAM}`, '-', '+', 'COUNT', 5)) as [string, string[]][];
        for (const [, flat] of dead) log(`dead-lettered: ${flat.filter((_, i) => i % 2 === 1).join(' | ').slice(0, 400)}`);
      }
      pendingInGroups.push(...await groupsOf(name, type));
    }
  } finally {
    client.disconnect();
  }
  return { stream, pendingInGroups };
}

/** What every gateway answers now for each watched price and stock. */
export async function readThroughGateways(gateways: readonly (readonly [string, string])[], hot: readonly string[]): Promise<Evidence['reads']> {
  const reads: Evidence['reads'][number][] = [];
  for (const [gateway, url] of gateways) {
    for (const id of hot) {
      const r = await postGraphQL(gateway, url, 'read', {
        query: `query($id: ID!) { product(id: $id) { price(currency: "EUR") { list { amount } version } stock { warehouses { warehouse { id } onHand version } } } }`,
        variables: { id },
      }, { deadlineMs: REQUEST_DEADLINE_MS });
      const error = r.outcome === 'ok' ? undefined : `${r.outcome} ${r.codes.join(',')}`;
      const p = r.data?.product;
      const s = p?.stock?.warehouses?.find((w: any) => w.warehouse.id === WAREHOUSE);
      reads.push({ gateway, key: `price:${id}`, value: p?.price?.list?.amount, version: p?.price?.version, error });
      reads.push({ gateway, key: `stock:${id}`, value: s?.onHand, version: s?.version, error });
    }
  }

  return reads;
}

/**
 * Search converges: for every product, a search for its current name, filtered to its current
 * effective EUR price and stock status, finds it through every gateway, within
 * SEARCH_BOUND_MS of the stack settling (each retry asks again only what was still missing).
 */
export async function probeSearch(pool: pg.Pool, gateways: readonly (readonly [string, string])[]): Promise<Evidence['search']> {
  const truth = (await pool.query<{ id: string; name: string; amount: number | null; in_stock: boolean }>(
    `SELECT p.id, p.name,
       (SELECT CASE WHEN pr.sale_amount IS NOT NULL AND (pr.sale_valid_from IS NULL OR pr.sale_valid_from <= now())
          AND (pr.sale_valid_to IS NULL OR pr.sale_valid_to > now()) THEN pr.sale_amount ELSE pr.list_amount END
          FROM pricing.prices pr WHERE pr.product_id = p.id AND pr.currency = 'EUR') AS amount,
       EXISTS (SELECT 1 FROM inventory.stock s WHERE s.product_id = p.id AND s.on_hand - s.reserved > 0) AS in_stock
     FROM catalog.products p ORDER BY p.seq`)).rows;
  const searchStarted = Date.now();
  let pending = gateways.flatMap(([gateway, url]) => truth.map((product) => ({ gateway, url, product })));
  let misses: string[] = [];
  let probes = 0;
  for (;;) {
    const still: typeof pending = [];
    misses = [];
    for (const probe of pending) {
      const { id, name, amount, in_stock: inStock } = probe.product;
      probes += 1;
      const r = await postGraphQL(probe.gateway, probe.url, 'search', {
        query: 'query($text: String!, $price: PriceRangeInput, $inStock: Boolean!) { search(query: $text, filters: { price: $price, inStock: $inStock }, first: 100) { edges { node { id } } } }',
        variables: { text: name, price: amount === null ? null : { min: amount, max: amount, currency: 'EUR' }, inStock },
      }, { deadlineMs: REQUEST_DEADLINE_MS });
      if (r.outcome === 'ok' && (r.data as any)?.search?.edges?.some((edge: any) => edge.node.id === id)) continue;
      still.push(probe);
      misses.push(`${probe.gateway} search for ${id} "${name}" at EUR ${amount}, ${inStock ? 'in' : 'out of'} stock: ${r.outcome === 'ok' ? 'not found' : `${r.outcome} ${r.codes.join(',')}`}`);
    }
    pending = still;
    if (pending.length === 0 || Date.now() - searchStarted >= SEARCH_BOUND_MS) break;
    await sleep(500);
  }

  return { misses, convergedMs: Date.now() - searchStarted, boundMs: SEARCH_BOUND_MS, probes, products: truth.length };
}
