import type { Db } from '../../lib/db/index.js';
import type { SubgraphCaller } from '../../lib/subgraph/index.js';
import { createSearchLog } from './searchLog.js';

/** What the insights subgraph shares between requests: the store, and how long a click waits for its search's batch. */
export const createInsightsContext = (db: Db, clickWaitMs: number, retentionDays: number) => ({ db, log: createSearchLog(db, retentionDays), clickWaitMs });

export type InsightsRequestContext = ReturnType<typeof createInsightsContext>;
export type InsightsContext = InsightsRequestContext & SubgraphCaller;
