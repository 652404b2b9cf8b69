export type { Db, Tx, Queryable, QueryResult } from './Db.js';
export { createPgDb } from './pgDb.js';
export type { PgDbOptions } from './pgDb.js';
export { createPgliteDb } from './pgliteDb.js';
export { migrate, readMigrations } from './migrate.js';
export type { Migration } from './migrate.js';
export { openDb } from './openDb.js';
