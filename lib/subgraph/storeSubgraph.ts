import type { BaseContext } from '@apollo/server';
import type { StoreSubgraphName } from '../config/index.js';
import { migrate, readMigrations, type Db } from '../db/index.js';
import { fromRoot } from '../paths.js';
import type { SubgraphDefinition } from './createSubgraphServer.js';

/** A subgraph over its own PostgreSQL schema: migrations in `subgraphs/<name>/migrations/`. */
export interface StoreSubgraph<Ctx extends BaseContext = BaseContext> {
  readonly name: StoreSubgraphName;
  create(db: Db): SubgraphDefinition<Ctx>;
}

/** Applies a store subgraph's pending migrations; see {@link migrate}. */
export async function migrateSubgraph(db: Db, name: StoreSubgraph['name']): Promise<string[]> {
  return migrate(db, name, await readMigrations(fromRoot('subgraphs', name, 'migrations')));
}
