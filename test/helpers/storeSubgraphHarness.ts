import { randomBytes } from 'node:crypto';
import type { BaseContext } from '@apollo/server';
import { ANONYMOUS, signedRequestHeaders, type Identity } from '../../lib/auth/index.js';
import { STORE_SUBGRAPH_NAMES, type StoreSubgraphName } from '../../lib/config/index.js';
import type { Db, Queryable } from '../../lib/db/index.js';
import { outboxEventSql } from '../../lib/events/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { migrateSubgraph, startSubgraph, type StoreSubgraph } from '../../lib/subgraph/index.js';
import { seedSampleStore } from '../../stack/sampleStore.js';
import { postRaw, type GraphQLResponse } from './graphql.js';
import { openTestDb, recordingDb, type DbKind } from './testDb.js';

const STORE_SCHEMAS = STORE_SUBGRAPH_NAMES;
type StoreSchema = StoreSubgraphName;

/**
 * A fresh store of `kind` with every store subgraph's migrations applied; with `products`,
 * seeded with that many sample products (no change events: the outboxes start empty).
 */
export async function openStoreDb(kind: DbKind, options: { products?: number } = {}): Promise<Db> {
  const db = await openTestDb(kind);
  for (const name of STORE_SCHEMAS) await migrateSubgraph(db, name);
  if (options.products) await seedSampleStore(db, { products: options.products });
  return db;
}

/** The CloudEvents waiting in a schema's outbox, oldest first. */
export async function outboxEvents(db: Queryable, schema: StoreSchema): Promise<Record<string, any>[]> {
  const { rows } = await db.query<{ event: string }>(`SELECT ${outboxEventSql(schema)} AS event FROM ${schema}.outbox ORDER BY seq`);
  return rows.map((r) => JSON.parse(r.event));
}

/** Empties every store outbox (between tests sharing one store). */
export async function clearOutboxes(db: Queryable): Promise<void> {
  for (const schema of STORE_SCHEMAS) await db.query(`DELETE FROM ${schema}.outbox`);
}

/** A store subgraph served over HTTP on a free port, as the gateway reaches it. */
export interface ServedSubgraph {
  readonly url: string;
  /** Every SQL statement the subgraph sent since the last {@link ServedSubgraph.resetStatements}. */
  readonly statements: string[];
  resetStatements(): void;
  /** POSTs an operation signed for `identity` (anonymous by default), as the gateway would. */
  call<D = any>(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphQLResponse<D>>;
  /** POSTs an operation without the gateway's signature. */
  unsigned(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  close(): Promise<void>;
}

/**
 * Serves `subgraph.create(db)` with a random signing key; statements are recorded. Alone: no
 * other subgraph to call, and its background work (sweepers, recovery loops) is not started.
 */
export async function serveStoreSubgraph<Ctx extends BaseContext>(subgraph: StoreSubgraph<Ctx>, db: Db): Promise<ServedSubgraph> {
  const signingKey = randomBytes(32).toString('base64url');
  const recorded = recordingDb(db);
  const logger = createLogger({ level: 'silent', service: 'test' });
  const instance = subgraph.create(recorded.db, {
    logger, environment: 'test', signingKey,
    subgraphUrls: (name) => { throw new Error(`${subgraph.name} is served alone, without ${name}`); },
  });
  const server = await startSubgraph(instance, { port: 0, host: '127.0.0.1', logger, signingKey });
  return {
    url: server.url,
    statements: recorded.statements,
    resetStatements: () => void recorded.statements.splice(0),
    call: (query, variables = {}, identity = ANONYMOUS) =>
      postRaw(server.url, JSON.stringify({ query, variables }), signedRequestHeaders(signingKey, { audience: subgraph.name, query, variables, identity })),
    unsigned: (query, variables = {}) => postRaw(server.url, JSON.stringify({ query, variables })),
    close: async () => {
      await server.close();
      await instance.close?.();
    },
  };
}
