import type { Queryable } from '../../lib/db/index.js';

/** The columns of a view (or table) and their types, in order, as the database reports them. */
export async function columnsOf(db: Queryable, schema: string, name: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, name]);
  return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
}
