import { requireScope } from '../../lib/auth/index.js';
import { badUserInput, ErrorCode, userError } from '../../lib/errors/index.js';
import { SEARCH_SORTS } from '../../lib/search/index.js';
import { assertPageSize } from '../../lib/validation/index.js';
import { experimentReport, MAX_SPAN_DAYS, searchAnalytics } from './analytics.js';
import type { Resolvers, SearchLogInput } from './generated/types.js';
import type { LoggedSearch } from './searchLog.js';

// `searchAnalytics` and `searchExperiment` are guarded by the gateway (@requiresScopes);
// `recordSearches` is @inaccessible: only the search service's signed call (scope `insights:record`) asks it;
// `recordSearchClick` is @anonymousAllowed: the queryId of a logged search is its credential.

/** The scope of the search service's identity when it sends its query log. */
export const SEARCH_LOG_SCOPE = 'insights:record';

/** Most searches in one `recordSearches` call. */
const MAX_BATCH = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SESSION = /^[A-Za-z0-9_-]{8,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function loggedSearch(s: SearchLogInput, i: number): LoggedSearch {
  const at = (field: string) => `searches[${i}].${field}`;
  if (!UUID.test(s.queryId)) throw badUserInput(`${at('queryId')} must be a uuid`, at('queryId'));
  if (s.query.length > 200) throw badUserInput(`${at('query')} must be at most 200 characters`, at('query'));
  if (!(SEARCH_SORTS as readonly string[]).includes(s.sort)) throw badUserInput(`${at('sort')} must be one of ${SEARCH_SORTS.join(', ')}`, at('sort'));
  if (s.resultCount < 0 || !Number.isFinite(s.latencyMs) || s.latencyMs < 0) throw badUserInput(`${at('resultCount')} and latencyMs must not be negative`, at('resultCount'));
  if (!NAME.test(s.variant) || (s.experimentId != null && !NAME.test(s.experimentId))) throw badUserInput(`${at('variant')} and experimentId must be variant names`, at('variant'));
  if (s.sessionId != null && !SESSION.test(s.sessionId)) throw badUserInput(`${at('sessionId')} must be 8 to 64 letters, digits, - or _`, at('sessionId'));
  if (Number.isNaN(Date.parse(s.searchedAt))) throw badUserInput(`${at('searchedAt')} must be an ISO 8601 time`, at('searchedAt'));
  const f = s.filters;
  if (f.categoryIds.length > 50 || f.brands.length > 50) throw badUserInput(`${at('filters')} takes at most 50 values per list`, at('filters'));
  if (s.client != null && (s.client === '' || s.client.length > 100)) throw badUserInput(`${at('client')} must be 1 to 100 characters`, at('client'));
  return {
    queryId: s.queryId, query: s.query, sort: s.sort, resultCount: s.resultCount, latencyMs: s.latencyMs, variant: s.variant,
    experimentId: s.experimentId ?? null, client: s.client ?? null, sessionId: s.sessionId ?? null, searchedAt: new Date(s.searchedAt).toISOString(),
    filters: { categoryIds: f.categoryIds, brands: f.brands, priceMin: f.priceMin ?? null, priceMax: f.priceMax ?? null, currency: f.currency ?? null, inStock: f.inStock ?? null },
  };
}

/** A UTC day `YYYY-MM-DD` that exists (2026-02-30 does not). */
function assertDay(value: string, field: string): number {
  const time = Date.parse(`${value}T00:00:00Z`);
  if (!DAY.test(value) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) throw badUserInput(`${field} must be a date YYYY-MM-DD`, field);
  return time;
}

export const resolvers: Resolvers = {
  Query: {
    async searchAnalytics(_root, { from, to, first }, ctx) {
      const start = assertDay(from, 'from');
      const end = assertDay(to, 'to');
      if (end < start) throw badUserInput('to must not be before from', 'to');
      if ((end - start) / 86_400_000 + 1 > MAX_SPAN_DAYS) throw badUserInput(`the period spans at most ${MAX_SPAN_DAYS} days`, 'to');
      return searchAnalytics(ctx.db, from, to, assertPageSize(first ?? 20, 100));
    },
    async searchExperiment(_root, { id }, ctx) {
      if (!NAME.test(id)) throw badUserInput('id must be an experiment id (lowercase letters, digits and dashes)', 'id');
      return (await experimentReport(ctx.db, id)) ?? null;
    },
  },
  Mutation: {
    async recordSearches(_root, { searches }, ctx) {
      requireScope(ctx.identity, SEARCH_LOG_SCOPE);
      if (searches.length > MAX_BATCH) throw badUserInput(`at most ${MAX_BATCH} searches per call`, 'searches');
      return ctx.log.recordSearches(searches.map(loggedSearch));
    },
    async recordSearchClick(_root, { queryId, productId, position }, ctx) {
      if (position < 1 || position > 10_000) throw badUserInput('position must be from 1 to 10000', 'position');
      if (productId.trim() === '' || productId.length > 100) throw badUserInput('productId must be 1 to 100 characters', 'productId');
      const notFound = () => userError(ErrorCode.SEARCH_QUERY_NOT_FOUND, `No logged search ${queryId}`, { queryId });
      if (!UUID.test(queryId)) throw notFound();
      // The search subgraph sends its log in batches: a click may overtake its search's batch by a
      // moment. Look again after 50, 100, 200, 400 ms…: a few lookups, not a busy loop, for an id that never comes.
      for (let deadline = Date.now() + ctx.clickWaitMs, pause = 50; ; pause *= 2) {
        const click = await ctx.log.recordClick(queryId, productId, position);
        if (click) return click;
        if (Date.now() >= deadline) throw notFound();
        await sleep(Math.min(pause, Math.max(0, deadline - Date.now())));
      }
    },
  },
};
