import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from './Db.js';

/** One plain-SQL migration file, `NNN_description.sql`. */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}

/** Reads `*.sql` from `dir` in name order. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(files.map(async (name) => ({ name, sql: await readFile(path.join(dir, name), 'utf8') })));
}

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_ID = 0x636f6d6d;

/**
 * Applies the migrations of `scope` (a subgraph's schema) not yet recorded in
 * `public.schema_migrations`, each in its own transaction. Safe to run twice and from
 * two processes at once: a transaction-scoped advisory lock serialises runners, and a
 * migration already applied is skipped. A changed file that was already applied fails.
 * @returns the names of the migrations applied by this call.
 */
export async function migrate(db: Db, scope: string, migrations: readonly Migration[]): Promise<string[]> {
  const applied: string[] = [];
  for (const migration of migrations) {
    const checksum = createHash('sha256').update(migration.sql).digest('hex');
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
      await tx.exec(`CREATE TABLE IF NOT EXISTS public.schema_migrations (
        scope text NOT NULL, name text NOT NULL, checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, name))`);
      const { rows } = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM public.schema_migrations WHERE scope = $1 AND name = $2', [scope, migration.name]);
      if (rows[0]) {
        if (rows[0].checksum !== checksum) {
          throw new Error(`Migration ${scope}/${migration.name} was changed after it was applied; add a new migration instead`);
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO public.schema_migrations (scope, name, checksum) VALUES ($1, $2, $3)',
        [scope, migration.name, checksum]);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}
