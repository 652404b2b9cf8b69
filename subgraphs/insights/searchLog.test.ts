import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/index.js';
import { validateEvent, type AnyEvent } from '../../lib/events/index.js';
import { openTestDb, DB_KINDS, recordingDb } from '../../test/helpers/testDb.js';
import { outboxEvents } from '../../test/helpers/storeSubgraphHarness.js';
import { migrateSubgraph } from '../../lib/subgraph/index.js';
import { experimentReport, searchAnalytics } from './analytics.js';
import { foldSearchEvents } from './foldSearchEvents.js';
import { createSearchLog, noFilters, normalizeQuery, type LoggedSearch } from './searchLog.js';

const dayBefore = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const DAY = dayBefore(3);
const LATER = dayBefore(1);
const logged = (over: Partial<LoggedSearch> = {}): LoggedSearch => ({
  queryId: randomUUID(), query: 'Tent', filters: noFilters, sort: 'RELEVANCE', resultCount: 10, latencyMs: 2, variant: 'default',
  experimentId: null, client: null, sessionId: null, searchedAt: `${DAY}T10:00:00.000Z`, ...over,
});

describe('normalizeQuery', () => {
  it('folds case, accents and spacing', () => {
    expect(normalizeQuery('  Crème   BRÛLÉE ')).toBe('creme brulee');
  });
});

describe.each(DB_KINDS)('search log and analytics fold on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(kind);
    await migrateSubgraph(db, 'insights');
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.exec('TRUNCATE insights.searches, insights.clicks, insights.query_days, insights.experiment_variants, insights.experiment_sessions, insights.folded_events, insights.outbox');
  });
  const drain = async () => {
    const events = (await outboxEvents(db, 'insights')) as AnyEvent[];
    await db.exec('DELETE FROM insights.outbox');
    return events as Extract<AnyEvent, { type: `commerce.insights.${string}` }>[];
  };

  it('logs a batch of searches with one valid event each in two INSERTs, and skips a batch sent again', async () => {
    const { db: counted, statements } = recordingDb(db);
    const log = createSearchLog(counted);
    const batch = Array.from({ length: 50 }, (_, i) => logged({ query: `Query ${i}` }));
    expect(await log.recordSearches(batch)).toBe(50);
    expect(statements.filter((s) => /INSERT/.test(s))).toHaveLength(2);
    const events = await drain();
    expect(events).toHaveLength(50);
    for (const event of events) expect(validateEvent(event)).toMatchObject({ ok: true });
    expect(events[3]).toMatchObject({ type: 'commerce.insights.search_performed.v1', source: '/commerce/insights', subject: batch[3]!.queryId, data: { normalizedQuery: 'query 3' } });
    expect(await log.recordSearches(batch)).toBe(0);
    expect(await drain()).toEqual([]);
  });

  it('records clicks: the first sets the reciprocal rank, a repeat adds nothing, an unknown search is refused', async () => {
    const log = createSearchLog(db);
    const search = logged({ experimentId: 'exp', variant: 'boosted' });
    await log.recordSearches([search]);
    await drain();
    expect(await log.recordClick(randomUUID(), 'p-1', 1)).toBeUndefined();
    expect(await log.recordClick(search.queryId, 'p-7', 3)).toMatchObject({ position: 3, firstClick: true, variant: 'boosted', experimentId: 'exp', sessionId: null, normalizedQuery: 'tent' });
    expect(await log.recordClick(search.queryId, 'p-2', 1)).toMatchObject({ firstClick: false });
    expect(await log.recordClick(search.queryId, 'p-7', 3)).toMatchObject({ firstClick: true });
    const events = await drain();
    expect(events.map((e) => [e.type, 'firstClick' in e.data && e.data.firstClick])).toEqual([['commerce.insights.search_clicked.v1', true], ['commerce.insights.search_clicked.v1', false]]);
    for (const event of events) expect(validateEvent(event)).toMatchObject({ ok: true });
  });

  it('folds each event once, however often it is delivered, into per-query and per-variant figures', async () => {
    const log = createSearchLog(db);
    const a = logged({ query: 'Tent', latencyMs: 4, experimentId: 'exp', variant: 'default', sessionId: 'session-a' });
    const b = logged({ query: 'tent ', latencyMs: 8, experimentId: 'exp', variant: 'boosted', sessionId: 'session-b' });
    const c = logged({ query: 'Zzqx', resultCount: 0, latencyMs: 1 });
    const d = logged({ query: 'Lamp', latencyMs: 20, searchedAt: `${LATER}T10:00:00.000Z` });
    await log.recordSearches([a, b, c, d]);
    await log.recordClick(b.queryId, 'p-1', 2);
    await log.recordClick(b.queryId, 'p-2', 1);
    const events = await drain();
    expect((await foldSearchEvents(db, events)).length).toBe(6);
    // Redelivered, in another order, in part twice: nothing more.
    expect(await foldSearchEvents(db, [...events].reverse().concat(events.slice(0, 2)))).toEqual([]);

    const report = await searchAnalytics(db, DAY, DAY, 10);
    expect(report).toMatchObject({ searches: 3, zeroResultRate: 1 / 3, clickThroughRate: 1 / 3 });
    expect(report.meanReciprocalRank).toBeCloseTo(0.5 / 3, 9);
    expect(report.topQueries.map((q) => [q.query, q.searches])).toEqual([['tent', 2], ['zzqx', 1]]);
    expect(report.topQueries[0]).toMatchObject({ clickThroughRate: 0.5, meanReciprocalRank: 0.25, meanLatencyMs: 6, maxLatencyMs: 8 });
    expect(report.zeroResultQueries.map((q) => q.query)).toEqual(['zzqx']);
    expect(report.slowestQueries.map((q) => q.query)).toEqual(['tent', 'zzqx']);
    // The other day is outside the period, and inside a wider one.
    expect((await searchAnalytics(db, DAY, LATER, 10)).slowestQueries[0]!.query).toBe('lamp');

    const experiment = (await experimentReport(db, 'exp'))!;
    expect(experiment.control).toBe('default');
    expect(experiment.variants).toEqual([
      { variant: 'boosted', searches: 1, clickThroughRate: 1, zeroResultRate: 0, meanReciprocalRank: 0.5, zScore: expect.any(Number), pValue: expect.any(Number) },
      { variant: 'default', searches: 1, clickThroughRate: 0, zeroResultRate: 0, meanReciprocalRank: 0, zScore: null, pValue: null },
    ]);
    expect(await experimentReport(db, 'nothing')).toBeUndefined();
    // Per session too (the units of the CTR test): the second click of session b's search is not a search clicked.
    expect((await db.query(`SELECT variant, session_id, searches::int, clicked_searches::int FROM insights.experiment_sessions ORDER BY variant`)).rows).toEqual([
      { variant: 'boosted', session_id: 'session-b', searches: 1, clicked_searches: 1 },
      { variant: 'default', session_id: 'session-a', searches: 1, clicked_searches: 0 },
    ]);
  });

  it('prunes searches and folded ids past the retention; an old search takes no click, an old event is not folded', async () => {
    const log = createSearchLog(db, 30);
    const old = logged({ searchedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() });
    const recent = logged();
    await log.recordSearches([old, recent]);
    const events = await drain();
    expect(await log.recordClick(old.queryId, 'p-1', 1)).toBeUndefined();
    expect((await foldSearchEvents(db, events, 30)).map((e) => e.data.queryId)).toEqual([recent.queryId]);
    expect(await log.prune()).toBe(1);
    expect((await db.query(`SELECT query_id FROM insights.searches`)).rows).toEqual([{ query_id: recent.queryId }]);
    // Ids folded longer ago than the retention go too.
    expect(await log.prune(Date.now() + 31 * 86_400_000)).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM insights.folded_events`)).rows).toEqual([{ n: 0 }]);
  });
});
