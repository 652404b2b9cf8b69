import type { BaseContext } from '@apollo/server';
import type { Environment, StoreSubgraphName, SubgraphName } from '../config/index.js';
import { migrate, readMigrations, type Db } from '../db/index.js';
import type { EventLog } from '../events/index.js';
import type { Logger } from '../logging/index.js';
import type { Metrics } from '../metrics/index.js';
import { fromRoot } from '../paths.js';
import type { SubgraphDefinition } from './createSubgraphServer.js';

/** What a store subgraph may use beside its store: the process's logger and the way to call other subgraphs. */
export interface StoreSubgraphServices {
  readonly logger: Logger;
  /** Development and test runs may start local simulators; production never does. */
  readonly environment: Environment;
  /** The key subgraphs verify signed calls with, for calls to other subgraphs ({@link createSubgraphClient}). */
  readonly signingKey: string;
  /**
   * Another subgraph's GraphQL URL, one per replica (a client balances over them). Read it
   * when calling, not when created: the embedded stack knows its free ports only once every
   * server listens.
   */
  subgraphUrls(name: SubgraphName): readonly string[];
  /**
   * The Db background loops poll (sweepers, saga recovery), when it should not be the one
   * requests use (tests count the statements requests make). @default the subgraph's Db
   */
  readonly backgroundDb?: Db;
  /** The registry the subgraph's server exports at `/metrics`, for the subgraph's own figures. */
  readonly metrics?: Metrics;
  /**
   * The change feed, for a subgraph that consumes it (webhooks). Absent in a process of its
   * own without `REDIS_URL`: there is no shared feed to read then.
   */
  readonly eventLog?: EventLog;
}

/** A store subgraph as built for one process: what it serves, and the work it runs beside the server. */
export interface StoreSubgraphInstance<Ctx extends BaseContext> extends SubgraphDefinition<Ctx> {
  /** Starts background work (sweepers, recovery loops) once every server of the process listens. */
  start?(): Promise<void>;
  /** Stops that work and frees what `create` opened, before the store closes. */
  close?(): Promise<void>;
}

/** A subgraph over its own PostgreSQL schema: migrations in `subgraphs/<name>/migrations/`. */
export interface StoreSubgraph<Ctx extends BaseContext = BaseContext> {
  readonly name: StoreSubgraphName;
  /** It consumes the change feed: a process of its own opens the event log on `REDIS_URL` for it ({@link StoreSubgraphServices.eventLog}). */
  readonly readsChangeFeed?: boolean;
  create(db: Db, services: StoreSubgraphServices): StoreSubgraphInstance<Ctx>;
}

/**
 * Applies a store subgraph's pending migrations, then those every outbox shares
 * (`lib/events/outboxMigrations/`, `{{schema}}` standing for the subgraph's schema, recorded
 * under the scope `<name>.outbox`); see {@link migrate}.
 */
export async function migrateSubgraph(db: Db, name: StoreSubgraph['name']): Promise<string[]> {
  const own = await migrate(db, name, await readMigrations(fromRoot('subgraphs', name, 'migrations')));
  const outbox = (await readMigrations(fromRoot('lib', 'events', 'outboxMigrations')))
    .map((m) => ({ name: m.name, sql: m.sql.replaceAll('{{schema}}', name) }));
  return [...own, ...(await migrate(db, `${name}.outbox`, outbox)).map((m) => `outbox/${m}`)];
}
