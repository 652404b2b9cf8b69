import { readFileSync } from 'node:fs';
import type { Environment, SubgraphName } from '../lib/config/index.js';
import type { Db } from '../lib/db/index.js';
import type { RunningServer } from '../lib/http/index.js';
import type { Logger } from '../lib/logging/index.js';
import { fromRoot } from '../lib/paths.js';
import { migrateSubgraph, startSubgraph, type StoreSubgraph } from '../lib/subgraph/index.js';
import { startGateway } from '../gateway/startGateway.js';
import { createUndiciDataSource } from '../gateway/undiciDataSource.js';
import { catalogSubgraph } from '../subgraphs/catalog/index.js';
import { inventorySubgraph } from '../subgraphs/inventory/index.js';
import { pricingSubgraph } from '../subgraphs/pricing/index.js';

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
}

/** The whole stack in one process: migrations, every subgraph, and the gateway pointed at them. */
export interface Stack {
  readonly gateway: RunningServer;
  readonly subgraphs: Readonly<Record<SubgraphName, RunningServer>>;
  close(): Promise<void>;
}

/** Migrates the store and starts the subgraphs, then the gateway over them. */
export async function startStack(options: StackOptions): Promise<Stack> {
  for (const subgraph of STORE_SUBGRAPHS) await migrateSubgraph(options.db, subgraph.name);
  const listen = { host: options.host, maxBodyBytes: options.maxBodyBytes, logger: options.logger };
  const started = await Promise.all(
    STORE_SUBGRAPHS.map((s) => startSubgraph(s.create(options.db), { ...listen, port: options.subgraphPorts[s.name] })),
  );
  const subgraphs = Object.fromEntries(STORE_SUBGRAPHS.map((s, i) => [s.name, started[i]!])) as Record<SubgraphName, RunningServer>;
  const gateway = await startGateway({
    ...listen,
    supergraphSdl: options.supergraphSdl ?? readFileSync(fromRoot('schema', 'supergraph.graphql'), 'utf8'),
    subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url])),
    port: options.gatewayPort,
    environment: options.environment ?? 'development',
    dataSource: ({ url }) => createUndiciDataSource({ url }),
  });
  return {
    gateway,
    subgraphs,
    async close() {
      await gateway.close();
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
