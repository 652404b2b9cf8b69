import { readFileSync } from 'node:fs';
import { startGateway, type GatewayOptions, type GatewayServer } from '../../gateway/startGateway.js';
import type { Environment, LimitsConfig, ShippingSettings } from '../../lib/config/index.js';
import type { Db } from '../../lib/db/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { fromRoot } from '../../lib/paths.js';
import { populateSearchIndex } from '../../subgraphs/search/indexing/index.js';
import { seedSampleStore } from '../../stack/sampleStore.js';
import { startStack, type Stack, type StackOptions } from '../../stack/embeddedStack.js';
import { devStackSecurity } from '../../stack/stackSecurity.js';
import { openTestDb, recordingDb, type DbKind } from './testDb.js';

/** The whole stack on free ports over a fresh, seeded store; `statements` records every SQL statement. */
export interface TestStack extends Stack {
  readonly url: string;
  readonly db: Db;
  readonly statements: string[];
}

/** Options for {@link startTestStack}. */
export interface TestStackOptions extends Pick<StackOptions, 'eventBus' | 'subscriptionLimits' | 'orders' | 'entityCache' | 'webhooks' | 'edge' | 'searchRanking' | 'insights'> {
  /** @default 120 */
  readonly products?: number;
  /** Seed through the outbox, so the event store holds the whole store (replays). @default false */
  readonly seedEvents?: boolean;
  /** @default 'development' */
  readonly environment?: Environment;
  /** Overrides of the default limits. */
  readonly limits?: Partial<LimitsConfig>;
  readonly shipping?: Partial<ShippingSettings>;
  /** Puts change events on Redis (in-process bus and log otherwise). */
  readonly redisUrl?: string;
  readonly keyPrefix?: string;
}

/** Every stack gets fresh random keys; mint tokens for it with `tokenFor(stack, role)` (test/helpers/auth.ts). */
export async function startTestStack(kind: DbKind, options: TestStackOptions = {}): Promise<TestStack> {
  const raw = await openTestDb(kind);
  const { db, statements } = recordingDb(raw);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent', service: 'test' });
  // The relay polls the raw store: its statements are not the subgraphs' and must not be counted.
  const stack = await startStack({
    db, relayDb: raw, logger, gatewayPort: 0,
    environment: options.environment, security: devStackSecurity(options.limits),
    shipping: { simulatorPort: 0, ...options.shipping },
    redisUrl: options.redisUrl, events: { keyPrefix: options.keyPrefix, relayPollIntervalMs: 100 },
    eventBus: options.eventBus, subscriptionLimits: options.subscriptionLimits, orders: options.orders, entityCache: options.entityCache, webhooks: options.webhooks, edge: options.edge,
    searchRanking: options.searchRanking, insights: options.insights,
  });
  await seedSampleStore(raw, { products: options.products ?? 120, events: options.seedEvents });
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

/**
 * Another gateway over `stack`'s subgraphs (a second replica, one with a cache or a reloading
 * supergraph): the committed supergraph, the stack's keys and limits, port 0; `options` override.
 */
export function startGatewayOver(stack: TestStack, options: Partial<GatewayOptions> = {}): Promise<GatewayServer> {
  return startGateway({
    supergraphSdl: readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: Object.fromEntries(Object.entries(stack.subgraphs).map(([name, s]) => [name, s.url])),
    port: 0,
    environment: 'test',
    logger: createLogger({ level: process.env.LOG_LEVEL ?? 'silent', service: 'test' }),
    authenticator: stack.security.authenticator,
    signingKey: stack.security.signingKey,
    limits: stack.security.limits,
    ...options,
  });
}
