/** One stream entry: `fields` hold an event or a dead letter, laid out by lib/events/streamEntry.ts. */
export interface LogEntry {
  readonly stream: string;
  /** Stream entry id (`<ms>-<n>`), increasing within a stream. */
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
  /** How often the entry has been delivered to the group, this delivery included (0 from `range`). */
  readonly deliveries: number;
}

/** Options of a blocking group read. */
export interface ReadOptions {
  /** Most entries per call. */
  readonly count: number;
  /** Longest wait for new entries, in ms; 0 returns at once. */
  readonly blockMs: number;
}

/**
 * Durable, replayable event streams with consumer groups: the primitives of Redis Streams
 * (XADD, XGROUP, XREADGROUP, XACK, XAUTOCLAIM, XRANGE) plus an idempotency set.
 * Stream names are logical (`events:<type>`); an adapter may prefix its keys.
 * Adapters: Redis (several processes) and in-process (embedded stack, unit tests).
 * The relay appends; {@link startDurableConsumer} reads as a group, {@link createStreamEventBus} follows.
 */
export interface EventLog {
  /** Appends every entry in order, in one round trip (pipelined XADD); resolves once all are stored, with their ids. */
  append(entries: readonly { readonly stream: string; readonly fields: Readonly<Record<string, string>> }[]): Promise<string[]>;
  /** Creates `group` on `stream` (and the stream) when missing, reading after `from`: `'$'` new entries only, `'0'` everything, or an entry id. */
  createGroup(stream: string, group: string, from: string): Promise<void>;
  /** Entries never delivered to `group` (XREADGROUP `>`), now pending for `consumer`; waits up to `blockMs` when there are none. */
  readGroup(group: string, consumer: string, streams: readonly string[], options: ReadOptions): Promise<LogEntry[]>;
  /** Entries of `group` pending for at least `minIdleMs` (any consumer), now pending for `consumer` (XAUTOCLAIM); `deliveries` counts this one. */
  claimIdle(stream: string, group: string, consumer: string, options: { readonly minIdleMs: number; readonly count: number }): Promise<LogEntry[]>;
  /** Removes entries from the group's pending list (XACK). */
  ack(stream: string, group: string, ids: readonly string[]): Promise<void>;
  /**
   * Entries after each stream's cursor, oldest first (XREAD, no group): how live subscribers
   * follow the streams. Waits up to `blockMs` when there are none, on the connection named
   * `reader` (one per follower, since a blocking read holds it).
   */
  read(cursors: readonly { readonly stream: string; readonly after: string }[], options: ReadOptions & { readonly reader: string }): Promise<LogEntry[]>;
  /** The id of the newest entry of `stream`, `'0-0'` when it has none: where a follower starts to get only what comes next. */
  lastId(stream: string): Promise<string>;
  /** Entries with id greater than `after` (`'0'` from the start), oldest first (XRANGE). */
  range(stream: string, after: string, count: number): Promise<LogEntry[]>;
  /** For each key, whether {@link remember} stored it (idempotency by event id). */
  seen(keys: readonly string[]): Promise<boolean[]>;
  /** Stores `keys` for `ttlMs`. */
  remember(keys: readonly string[], ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Compares two stream entry ids (`<ms>-<n>`). */
export function compareEntryIds(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('-').map(Number);
  const [bm = 0, bn = 0] = b.split('-').map(Number);
  return am - bm || an - bn;
}
