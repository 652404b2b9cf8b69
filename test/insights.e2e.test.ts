import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignVariant, parseRankingVariants } from '../lib/search/index.js';
import { authHeader } from './helpers/auth.js';
import { waitFor } from './helpers/events.js';
import { errorCodes, gql } from './helpers/graphql.js';
import { deleteKeys, randomPrefix, testRedisUrl } from './helpers/redis.js';
import { startTestStack, type TestStack } from './helpers/stack.js';

const SEARCH = /* GraphQL */ `query Search($query: String, $session: String, $first: Int) {
  search(query: $query, session: $session, first: $first) { total queryId variant experiment edges { node { id } } }
}`;
const CLICK = /* GraphQL */ `mutation Click($queryId: ID!, $productId: ID!, $position: Int!) {
  recordSearchClick(queryId: $queryId, productId: $productId, position: $position) { queryId productId position firstClick }
}`;
const ANALYTICS = /* GraphQL */ `query Analytics($from: String!, $to: String!, $first: Int) {
  searchAnalytics(from: $from, to: $to, first: $first) {
    searches zeroResultRate clickThroughRate meanReciprocalRank
    topQueries { query searches zeroResults clickThroughRate meanReciprocalRank meanLatencyMs maxLatencyMs }
    zeroResultQueries { query searches zeroResults }
    slowestQueries { query meanLatencyMs }
  }
}`;
const EXPERIMENT = /* GraphQL */ `query Experiment($id: ID!) {
  searchExperiment(id: $id) { id control variants { variant searches clickThroughRate zeroResultRate meanReciprocalRank zScore pValue } }
}`;

/** A ranking file with one experiment running: half the sessions get in-stock products boosted, and no typo forgiven. */
const RANKING = parseRankingVariants({
  variants: { boosted: { inStockBoost: 1, typoTolerance: 'off' } },
  experiments: [{ id: 'e2e-stock', variants: { default: 1, boosted: 1 }, running: true }],
});

const today = () => new Date().toISOString().slice(0, 10);
const metricsUrl = (graphqlUrl: string) => graphqlUrl.replace(/graphql$/, 'metrics');
/** The value of one sample of a Prometheus text exposition, by name and labels. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('search analytics and ranker experiments through the gateway', () => {
  let stack: TestStack;
  let staff: Record<string, string>;
  const keyPrefix = randomPrefix();
  const search = (query: string, session?: string) => gql(stack.url, SEARCH, { query, session, first: 10 });
  const click = (queryId: string, productId: string, position: number) => gql(stack.url, CLICK, { queryId, productId, position });
  const analytics = async () => (await gql(stack.url, ANALYTICS, { from: today(), to: today(), first: 10 }, staff)).body.data?.searchAnalytics;

  beforeAll(async () => {
    stack = await startTestStack('pg', { products: 120, redisUrl: testRedisUrl(), keyPrefix, searchRanking: RANKING });
    staff = await authHeader(stack, 'merchandiser');
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await deleteKeys(testRedisUrl(), keyPrefix);
  });

  it('logs searches and anonymous clicks, and answers staff with top and zero-result queries, CTR and MRR per query', async () => {
    // Three searches for "tent" (one clicked at position 2, once more on the same result, then on another), two that find nothing.
    // One after another: identical searches in flight at once share one subgraph fetch at the gateway, so one log entry.
    const tents = [await search('Tent', 'session-tents'), await search('Tent', 'session-tents'), await search('Tent', 'session-tents')];
    for (const res of tents) expect(res.body.errors).toBeUndefined();
    const first = tents[0]!.body.data.search;
    expect(first.total).toBeGreaterThan(2);
    expect(first.queryId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(tents.map((r) => r.body.data.search.queryId)).size).toBe(3);
    const second = first.edges[1].node.id;
    const clicked = await click(first.queryId, second, 2); // no token, no key: an anonymous shopper
    expect(clicked.body.errors).toBeUndefined();
    expect(clicked.body.data.recordSearchClick).toEqual({ queryId: first.queryId, productId: second, position: 2, firstClick: true });
    expect((await click(first.queryId, second, 2)).body.data.recordSearchClick.firstClick).toBe(true); // the same click again: recorded once
    expect((await click(first.queryId, first.edges[0].node.id, 1)).body.data.recordSearchClick.firstClick).toBe(false);
    for (let i = 0; i < 2; i++) expect((await search('  ZZQX   Flurb ')).body.data.search.total).toBe(0);

    await stack.searchLog.flush();
    await waitFor(async () => (await analytics())?.searches === 5, 15_000, 'five searches in the analytics');
    const report = await analytics();
    expect(report.zeroResultRate).toBeCloseTo(2 / 5, 6);
    expect(report.clickThroughRate).toBeCloseTo(1 / 5, 6);
    expect(report.meanReciprocalRank).toBeCloseTo(0.5 / 5, 6);
    const tent = report.topQueries.find((q: { query: string }) => q.query === 'tent');
    expect(tent).toMatchObject({ searches: 3, zeroResults: 0 });
    expect(tent.clickThroughRate).toBeCloseTo(1 / 3, 6);
    expect(tent.meanReciprocalRank).toBeCloseTo(0.5 / 3, 6);
    expect(tent.maxLatencyMs).toBeGreaterThan(0);
    expect(tent.maxLatencyMs).toBeGreaterThanOrEqual(tent.meanLatencyMs);
    // Case, accents and spacing fold into one query.
    expect(report.zeroResultQueries).toEqual([{ query: 'zzqx flurb', searches: 2, zeroResults: 2 }]);
    expect(report.slowestQueries.map((q: { query: string }) => q.query).sort()).toEqual(['tent', 'zzqx flurb']);
  });

  it('refuses a click on a search it never logged, and bad positions, with stable codes', async () => {
    expect(errorCodes(await click('00000000-0000-4000-8000-000000000000', 'p-1', 1))).toEqual(['SEARCH_QUERY_NOT_FOUND']);
    expect(errorCodes(await click('not-a-query-id', 'p-1', 1))).toEqual(['SEARCH_QUERY_NOT_FOUND']);
    const { queryId } = (await search('Tent')).body.data.search;
    expect(errorCodes(await click(queryId, 'p-1', 0))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gql(stack.url, SEARCH, { query: 'tent', session: 'short' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('shows analytics to staff only, and refuses a bad period', async () => {
    const vars = { from: today(), to: today() };
    expect(errorCodes(await gql(stack.url, ANALYTICS, vars))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await gql(stack.url, ANALYTICS, vars, await authHeader(stack, 'customer')))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await gql(stack.url, ANALYTICS, { from: '2026-02-30', to: today() }, staff))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gql(stack.url, ANALYTICS, { from: today(), to: '2020-01-01' }, staff))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await gql(stack.url, ANALYTICS, { from: '2020-01-01', to: '2022-01-01' }, staff))).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps a session on one variant, splits sessions by weight, and reports each variant with a z-test on CTR', async () => {
    const report = async () => (await gql(stack.url, EXPERIMENT, { id: 'e2e-stock' }, staff)).body.data?.searchExperiment;
    // The first test's searches ran in the experiment too (folded before it ended): count from there.
    const before = (await report())?.variants ?? [];
    const expected = {
      default: before.find((v: { variant: string }) => v.variant === 'default')?.searches ?? 0,
      boosted: before.find((v: { variant: string }) => v.variant === 'boosted')?.searches ?? 0,
    };
    const sessions = Array.from({ length: 40 }, (_, i) => `e2e-session-${String(i).padStart(3, '0')}`);
    const boostedBefore = before.find((v: { variant: string }) => v.variant === 'boosted');
    let clickedBoosted = boostedBefore ? Math.round(boostedBefore.clickThroughRate * boostedBefore.searches) : 0;
    for (const [i, session] of sessions.entries()) {
      const res = await search('Backpack', session);
      const { variant, experiment, queryId, edges } = res.body.data.search;
      expect({ variant, experiment }).toEqual({ variant: assignVariant(RANKING, session).variant, experiment: 'e2e-stock' });
      expect((await search('Backpack', session)).body.data.search.variant).toBe(variant); // the same session, the same ranker
      expected[variant as keyof typeof expected] += 2;
      // Every boosted session clicks its first hit; every fourth default one does.
      if (variant === 'boosted' || i % 4 === 0) {
        expect((await click(queryId, edges[0].node.id, 1)).body.errors).toBeUndefined();
        if (variant === 'boosted') clickedBoosted++;
      }
    }
    expect(expected.default).toBeGreaterThan(before.length === 0 ? 0 : 3);
    expect(expected.boosted).toBeGreaterThan(before.length === 0 ? 0 : 3);
    // Without a session, no experiment: the default ranker, outside the report.
    expect((await search('Backpack')).body.data.search).toMatchObject({ variant: 'default', experiment: null });

    await stack.searchLog.flush();
    await waitFor(async () => {
      const r = await report();
      return r?.variants.reduce((n: number, v: { searches: number }) => n + v.searches, 0) === expected.default + expected.boosted
        && r.variants.find((v: { variant: string }) => v.variant === 'boosted').clickThroughRate > 0;
    }, 15_000, 'the experiment report').catch(async (error) => {
      throw new Error(`${(error as Error).message}: ${JSON.stringify(await report())}, expected ${JSON.stringify(expected)}`);
    });
    const { control, variants } = await report();
    expect(control).toBe('default');
    const [base, boosted] = [variants.find((v: any) => v.variant === 'default'), variants.find((v: any) => v.variant === 'boosted')];
    expect(base).toMatchObject({ searches: expected.default, zScore: null, pValue: null, zeroResultRate: 0 });
    expect(boosted).toMatchObject({ searches: expected.boosted, zeroResultRate: 0 });
    expect(boosted.clickThroughRate).toBeCloseTo(clickedBoosted / expected.boosted, 6);
    expect(boosted.meanReciprocalRank).toBeGreaterThan(0);
    expect(boosted.meanReciprocalRank).toBeLessThanOrEqual(boosted.clickThroughRate);
    expect(boosted.zScore).toBeGreaterThan(0); // boosted sessions clicked more
    expect(boosted.pValue).toBeGreaterThan(0);
    expect(boosted.pValue).toBeLessThan(0.05);
    expect((await gql(stack.url, EXPERIMENT, { id: 'never-ran' }, staff)).body.data.searchExperiment).toBeNull();
  });

  it('records the API client whose key the search carried, and no user, in the search event', async () => {
    const admin = await authHeader(stack, 'admin');
    const created = await gql(stack.url, /* GraphQL */ `mutation ($input: CreateApiClientInput!) { createApiClient(input: $input) { apiKey } }`,
      { input: { id: 'storefront-web', name: 'Web shop', kind: 'STOREFRONT', requestsPerSecond: 1000, costPerMinute: 1_000_000 } }, admin);
    expect(created.body.errors).toBeUndefined();
    const key = { 'x-api-key': created.body.data.createApiClient.apiKey };
    const customer = await authHeader(stack, 'customer', { subject: 'alice' });
    const res = await gql(stack.url, SEARCH, { query: 'Sleeping Bag', session: 'session-keyed', first: 3 }, { ...key, ...customer });
    expect(res.body.errors).toBeUndefined();
    const { queryId } = res.body.data.search;
    await stack.searchLog.flush();
    const stored = async () => (await stack.db.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM event_store.events WHERE type = 'commerce.insights.search_performed.v1' AND subject = $1`, [queryId])).rows[0]?.data;
    await waitFor(async () => (await stored()) !== undefined, 15_000, 'the search event in the event store');
    const data = await stored();
    expect(data).toMatchObject({ queryId, query: 'Sleeping Bag', normalizedQuery: 'sleeping bag', client: 'storefront-web', sessionId: 'session-keyed', sort: 'RELEVANCE' });
    expect(JSON.stringify(data)).not.toContain('alice');
  });

  it('exports the search and click rates to Prometheus', async () => {
    const text = await (await fetch(metricsUrl(stack.url))).text();
    expect(sample(text, 'search_queries_total', { variant: 'boosted', outcome: 'hits' })).toBeGreaterThan(0);
    expect(sample(text, 'search_queries_total', { variant: 'default', outcome: 'zero_results' })).toBe(2);
    expect(sample(text, 'search_clicks_total', { variant: 'boosted', first: 'true' })).toBeGreaterThan(0);
    expect(text).toMatch(/^search_log_sent_total(\{[^}]*\})? [1-9]/m);
  });

  it('ranks each search with its session\'s variant', async () => {
    const sessionOf = (variant: string) => Array.from({ length: 100 }, (_, i) => `variant-probe-${i}`).find((id) => assignVariant(RANKING, id).variant === variant)!;
    // "Backpak": one typo. The default ranker forgives it; the boosted variant forgives none.
    const forgiving = (await search('Backpak', sessionOf('default'))).body.data.search;
    const strict = (await search('Backpak', sessionOf('boosted'))).body.data.search;
    expect(forgiving).toMatchObject({ variant: 'default' });
    expect(forgiving.total).toBeGreaterThan(0);
    expect(strict).toMatchObject({ variant: 'boosted', total: 0 });
  });
});
