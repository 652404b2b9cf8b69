/** One cached subgraph answer: an entity representation or a root-field result, as JSON text. */
export interface CacheEntry {
  readonly key: string;
  readonly value: string;
  /** What invalidates it, e.g. `pricing:Product:p-1` (see `invalidationTags`). */
  readonly tags: readonly string[];
}

/**
 * Where the entity cache keeps entries: in process (`createMemoryCacheStore`) or in Redis
 * (`createRedisCacheStore`, shared by gateway replicas). Any method may reject when the
 * store is unreachable; the entity cache then treats it as a miss.
 */
export interface CacheStore {
  readonly name: string;
  /** The values of `keys`, `undefined` for a miss; same order. */
  get(keys: readonly string[]): Promise<(string | undefined)[]>;
  /** Stores entries for `ttlMs` milliseconds (the backstop when no event arrives). */
  set(entries: readonly CacheEntry[], ttlMs: number): Promise<void>;
  /** Drops every entry carrying one of `tags`. */
  invalidate(tags: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
