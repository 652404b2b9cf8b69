/** Rows of one statement. */
export interface QueryResult<R> {
  readonly rows: R[];
  /** Rows inserted, updated or deleted (0 for SELECT on some adapters). */
  readonly rowCount: number;
}

/** Anything SQL can be sent to: the database or an open transaction. */
export interface Queryable {
  /** One statement with `$1`-style parameters. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several statements, no parameters (migrations, seeding). */
  exec(sql: string): Promise<void>;
}

/** A transaction: everything sent through it commits or rolls back together. */
export type Tx = Queryable;

/** The store port every subgraph depends on; adapters: `pg.Pool` and PGlite. */
export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Runs `fn` in one transaction: commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * Calls `fn` with the payload of every NOTIFY on `channel` (LISTEN) until the returned
   * function is called. pg uses a dedicated connection that reconnects and re-listens
   * after a drop; notifications sent meanwhile are lost, so `fn('')` is called once it is back.
   * Optional: callers must work (by polling) on an adapter without it.
   */
  listen?(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
}
