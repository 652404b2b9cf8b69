import { readFileSync } from 'node:fs';
import type { SupergraphManager } from '@apollo/gateway';
import type { Environment, SubgraphName } from '../lib/config/index.js';
import type { Db } from '../lib/db/index.js';
import { openEventTransport, startOutboxRelay, type EventBus, type EventLog } from '../lib/events/index.js';
import type { RunningServer } from '../lib/http/index.js';
import type { Logger } from '../lib/logging/index.js';
import { fromRoot } from '../lib/paths.js';
import { migrateSubgraph, startSubgraph, type StoreSubgraph } from '../lib/subgraph/index.js';
import { startGateway } from '../gateway/startGateway.js';
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
  /** SDL or a hot-reloading source (gateway/supergraphSource.ts). @default schema/supergraph.graphql, read once */
  readonly supergraphSdl?: string | SupergraphManager;
  /** Redis for change events (bus and streams); unset uses in-process adapters. */
  readonly redisUrl?: string;
  /** Event relay and Redis key settings (lib/config defaults). */
  readonly events?: { readonly relayBatchSize?: number; readonly relayPollIntervalMs?: number; readonly keyPrefix?: string };
  /** The Db the outbox relay claims rows with. @default db */
  readonly relayDb?: Db;
}

/** The whole stack in one process: migrations, every subgraph, and the gateway pointed at them. */
export interface Stack {
  readonly gateway: RunningServer;
  readonly subgraphs: Readonly<Record<SubgraphName, RunningServer>>;
  /** Live change events (Redis pub/sub or in-process), fed by the outbox relay. */
  readonly eventBus: EventBus;
  /** Durable change-event streams for `startDurableConsumer` (Redis Streams or in-process). */
  readonly eventLog: EventLog;
  close(): Promise<void>;
}

/** Migrates the store and starts the subgraphs, then the gateway over them. */
export async function startStack(options: StackOptions): Promise<Stack> {
  for (const subgraph of STORE_SUBGRAPHS) await migrateSubgraph(options.db, subgraph.name);
  const events = openEventTransport({ redisUrl: options.redisUrl, keyPrefix: options.events?.keyPrefix ?? 'commerce:' });
  const relay = await startOutboxRelay({
    db: options.relayDb ?? options.db, log: events.log, bus: events.bus,
    batchSize: options.events?.relayBatchSize, pollIntervalMs: options.events?.relayPollIntervalMs,
    onError: (err, context) => options.logger.warn({ err, ...context }, 'event relay'),
  });
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
  });
  return {
    gateway,
    subgraphs,
    eventBus: events.bus,
    eventLog: events.log,
    async close() {
      await gateway.close();
      await Promise.all(started.map((s) => s.close()));
      await relay.stop();
      await events.close();
    },
  };
}
