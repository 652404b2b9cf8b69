import type { Db } from '../../lib/db/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { populateSearchIndex } from '../../lib/search/index.js';
import { seedSampleStore } from '../../scripts/sampleStore.js';
import { startStack, type Stack } from '../../scripts/stack.js';
import { openTestDb, recordingDb, type DbKind } from './testDb.js';

/** The whole stack on free ports over a fresh, seeded store; `statements` records every SQL statement. */
export interface TestStack extends Stack {
  readonly url: string;
  readonly db: Db;
  readonly statements: string[];
}

export async function startTestStack(kind: DbKind, options: { products?: number } = {}): Promise<TestStack> {
  const raw = await openTestDb(kind);
  const { db, statements } = recordingDb(raw);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent', service: 'test' });
  const stack = await startStack({ db, logger, gatewayPort: 0, subgraphPorts: { catalog: 0, pricing: 0, inventory: 0, search: 0 } });
  await seedSampleStore(raw, { products: options.products ?? 120 });
  await populateSearchIndex(stack.searchIndex, raw);
  return {
    ...stack,
    url: stack.gateway.url,
    db: raw,
    statements,
    async close() {
      await stack.close();
      await raw.close();
    },
  };
}
