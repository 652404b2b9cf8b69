import { readFileSync } from 'node:fs';
import type { Environment, SubgraphName } from '../lib/config/index.js';
import type { Db } from '../lib/db/index.js';
import { createInProcessEventBus, type EventBus } from '../lib/events/index.js';
import { createCategoryPaths, createOramaSearchIndex, createSearchIndexer, type SearchIndex, type SearchIndexer } from '../lib/search/index.js';
import type { RunningServer } from '../lib/http/index.js';
import type { Logger } from '../lib/logging/index.js';
import { fromRoot } from '../lib/paths.js';
import { migrateSubgraph, startSubgraph, type StoreSubgraph } from '../lib/subgraph/index.js';
import { startGateway } from '../gateway/startGateway.js';
import { catalogSubgraph } from '../subgraphs/catalog/index.js';
import { inventorySubgraph } from '../subgraphs/inventory/index.js';
import { pricingSubgraph } from '../subgraphs/pricing/index.js';
import { createSearchSubgraph } from '../subgraphs/search/index.js';

export const STORE_SUBGRAPHS: readonly StoreSubgraph<any>[] = [catalogSubgraph, pricingSubgraph, inventorySubgraph];

/** Options for {@link startStack}. */
export interface StackOptions {
  readonly db: Db;
  readonly logger: Logger;
  /** Port 0 picks a free one (tests). */
  readonly gatewayPort: number;
  readonly subgraphPorts: Readonly<Record<SubgraphName, number>>;
  readonly host?: string;
  readonly environment?: Environment;
  readonly maxBodyBytes?: number;
  /** @default schema/supergraph.graphql */
  readonly supergraphSdl?: string;
  /** The search index; the caller closes it. @default an in-memory embedded index, closed with the stack */
  readonly searchIndex?: SearchIndex;
  /** Change events the search indexer follows; the caller closes it. @default an in-process bus */
  readonly eventBus?: EventBus;
}

/** The whole stack in one process: migrations, every subgraph, and the gateway pointed at them. */
export interface Stack {
  readonly gateway: RunningServer;
  readonly subgraphs: Readonly<Record<SubgraphName, RunningServer>>;
  readonly searchIndex: SearchIndex;
  /** Applies change events to the search index; fed by `eventBus` (the durable consumer's seam is `indexer.handle`). */
  readonly indexer: SearchIndexer;
  readonly eventBus: EventBus;
  close(): Promise<void>;
}

/** Migrates the store and starts the subgraphs, then the gateway over them. */
export async function startStack(options: StackOptions): Promise<Stack> {
  for (const subgraph of STORE_SUBGRAPHS) await migrateSubgraph(options.db, subgraph.name);
  const listen = { host: options.host, maxBodyBytes: options.maxBodyBytes, logger: options.logger };
  const searchIndex = options.searchIndex ?? (await createOramaSearchIndex());
  const eventBus = options.eventBus ?? createInProcessEventBus();
  const indexer = createSearchIndexer({ index: searchIndex, categoryPath: createCategoryPaths(options.db), logger: options.logger });
  const stopIndexing = await indexer.subscribe(eventBus);
  const definitions = [...STORE_SUBGRAPHS.map((s) => s.create(options.db)), createSearchSubgraph(searchIndex)];
  const started = await Promise.all(
    definitions.map((d) => startSubgraph(d, { ...listen, port: options.subgraphPorts[d.name as SubgraphName] })),
  );
  const subgraphs = Object.fromEntries(definitions.map((d, i) => [d.name, started[i]!])) as Record<SubgraphName, RunningServer>;
  const gateway = await startGateway({
    ...listen,
    supergraphSdl: options.supergraphSdl ?? readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url])),
    port: options.gatewayPort,
    environment: options.environment ?? 'development',
  });
  return {
    gateway,
    subgraphs,
    searchIndex,
    indexer,
    eventBus,
    async close() {
      await gateway.close();
      await Promise.all(started.map((s) => s.close()));
      await stopIndexing();
      if (!options.eventBus) await eventBus.close();
      if (!options.searchIndex) await searchIndex.close();
    },
  };
}
