import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPERGRAPH_HASH_HEADER } from '../gateway/supergraphHashPlugin.js';
import { createFileSupergraphSource, type SupergraphSource } from '../gateway/supergraphSource.js';
import type { RunningServer } from '../lib/http/index.js';
import { createLogger } from '../lib/logging/index.js';
import { schemaHash } from '../lib/schema/index.js';
import { errorCodes, gql } from './helpers/graphql.js';
import { startHoldingProxy, type HoldingProxy } from './helpers/holdingProxy.js';
import { startGatewayOver, startTestStack, type TestStack } from './helpers/stack.js';
import { committedSupergraph, supergraphWithoutBrand } from './helpers/supergraphs.js';

const full = committedSupergraph();
const withoutBrand = supergraphWithoutBrand();

const PRICED = 'query Priced($id: ID!) { product(id: $id) { id name price { amount currency } } }';
const BRAND = 'query Brand { product(id: "p-7") { id brand } }';

const until = async (condition: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Replaces the file as deploys do: write beside it, then rename over it. */
const replace = (file: string, sdl: string) => {
  writeFileSync(`${file}.next`, sdl);
  renameSync(`${file}.next`, file);
};

describe('gateway supergraph hot reload', () => {
  let stack: TestStack;
  let proxy: HoldingProxy;
  let gateway: RunningServer;
  let source: SupergraphSource;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    stack = await startTestStack('pg', { products: 40 });
    proxy = await startHoldingProxy(stack.subgraphs.pricing.url);
    dir = mkdtempSync(path.join(tmpdir(), 'supergraph-reload-'));
    file = path.join(dir, 'supergraph.graphql');
    writeFileSync(file, withoutBrand);
    const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent', service: 'test' });
    source = createFileSupergraphSource({ path: file, logger, debounceMs: 20, signal: null });
    gateway = await startGatewayOver(stack, {
      supergraphSdl: source,
      subgraphUrls: { catalog: stack.subgraphs.catalog.url, inventory: stack.subgraphs.inventory.url, pricing: proxy.url },
      logger,
    });
  });
  afterAll(async () => {
    proxy?.release();
    await gateway?.close();
    await proxy?.close();
    await stack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finishes requests in flight during a reload, and the next request sees the new field', async () => {
    const before = await gql(gateway.url, BRAND);
    expect(errorCodes(before)).toEqual(['GRAPHQL_VALIDATION_FAILED']);

    // Ten requests wait in the pricing subgraph's proxy while the supergraph is replaced.
    const inFlight = Array.from({ length: 10 }, (_, i) =>
      fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: PRICED, variables: { id: `p-${i + 1}` } }),
      }));
    await until(() => proxy.held === 10);
    replace(file, full);
    await until(() => source.schemaHash === schemaHash(full));

    proxy.release();
    const responses = await Promise.all(inFlight);
    for (const [i, response] of responses.entries()) {
      expect(response.status).toBe(200);
      expect(response.headers.get(SUPERGRAPH_HASH_HEADER)).toBe(schemaHash(withoutBrand));
      const body = (await response.json()) as { data: any; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data.product).toMatchObject({ id: `p-${i + 1}`, price: { currency: 'EUR' } });
      expect(Number.isInteger(body.data.product.price.amount)).toBe(true);
    }

    const after = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: BRAND }) });
    expect(after.headers.get(SUPERGRAPH_HASH_HEADER)).toBe(schemaHash(full));
    const body = (await after.json()) as { data: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.product).toEqual({ id: 'p-7', brand: expect.any(String) });
  });

  it('refuses a file that does not load and keeps serving the schema in use', async () => {
    const refusedBefore = source.stats.refused;
    replace(file, full.replace('type Query', 'type Query @join__type(graph: NOWHERE)'));
    await until(() => source.stats.refused > refusedBefore);
    expect(source.schemaHash).toBe(schemaHash(full));

    const res = await gql(gateway.url, BRAND);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.product.brand).toEqual(expect.any(String));
  });
});
