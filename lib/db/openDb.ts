import type { Db } from './Db.js';
import { createPgDb } from './pgDb.js';
import { createPgliteDb } from './pgliteDb.js';

/** PostgreSQL when a URL is configured, else embedded PGlite (in `dataDir`, or in memory). */
export function openDb(config: { readonly databaseUrl: string | undefined; readonly dataDir: string | undefined }): Promise<Db> {
  return config.databaseUrl ? Promise.resolve(createPgDb(config.databaseUrl)) : createPgliteDb(config.dataDir);
}
