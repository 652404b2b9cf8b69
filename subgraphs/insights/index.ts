import type { StoreSubgraph } from '../../lib/subgraph/index.js';
import { createInsightsContext, type InsightsRequestContext } from './context.js';
import { startSearchAnalytics } from './foldSearchEvents.js';
import { createSearchLog, DEFAULT_RETENTION_DAYS } from './searchLog.js';
import { resolvers } from './resolvers.js';

export { foldSearchEvents, INSIGHTS_GROUP, startSearchAnalytics } from './foldSearchEvents.js';
export { createSearchLog, DEFAULT_RETENTION_DAYS, normalizeQuery } from './searchLog.js';
export type { LoggedSearch, SearchLog } from './searchLog.js';
export { SEARCH_LOG_SCOPE } from './resolvers.js';
export { twoProportionTest } from './twoProportionTest.js';

/** Options for {@link createInsightsSubgraph}. */
export interface InsightsSubgraphOptions {
  /** How long `recordSearchClick` waits for its search to arrive in the log (searches come in batches). @default 1000 */
  readonly clickWaitMs?: number;
  /** Days searches and clicks are kept row by row (`SEARCH_LOG_RETENTION_DAYS`). @default 90 */
  readonly retentionDays?: number;
  /** How often old searches are pruned, in ms. @default 1 h */
  readonly pruneEveryMs?: number;
}

/**
 * Search analytics: the query and click log in the `insights` schema (written with their
 * events through the outbox) and, as background work, the fold of those events into the
 * aggregates `searchAnalytics` and `searchExperiment` read (docs/search.md).
 */
export function createInsightsSubgraph(options: InsightsSubgraphOptions = {}): StoreSubgraph<InsightsRequestContext> {
  return {
    name: 'insights',
    readsChangeFeed: true,
    create(db, services) {
      const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
      let fold: Awaited<ReturnType<typeof startSearchAnalytics>> | undefined;
      const background = createSearchLog(services.backgroundDb ?? db, retentionDays);
      let pruning: NodeJS.Timeout | undefined;
      return {
        name: 'insights',
        resolvers,
        context: () => createInsightsContext(db, options.clickWaitMs ?? 1000, retentionDays),
        async start() {
          const prune = () => background.prune().catch((err: Error) => services.logger.warn({ err }, 'insights: pruning the search log'));
          pruning = setInterval(prune, options.pruneEveryMs ?? 3600_000);
          pruning.unref();
          if (!services.eventLog) {
            services.logger.warn('insights: no shared change feed in this process (REDIS_URL is not set): analytics are not updated');
            return;
          }
          fold = await startSearchAnalytics({ db: services.backgroundDb ?? db, log: services.eventLog, logger: services.logger, metrics: services.metrics, retentionDays });
        },
        async close() {
          clearInterval(pruning);
          await fold?.stop();
        },
      };
    },
  };
}

export const insightsSubgraph = createInsightsSubgraph();
