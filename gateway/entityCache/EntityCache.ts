import type { Metrics } from '../../lib/metrics/index.js';
import type { Logger } from '../../lib/logging/index.js';
import type { CacheEntry, CacheStore } from './CacheStore.js';

/** The part of an incoming request the cache looks at to decide whether it may be shared. */
export interface CacheableRequest {
  readonly http?: { readonly headers: { get(name: string): string | null | undefined } };
}

/** Options for {@link createEntityCache}. */
export interface EntityCacheOptions {
  /** Tiers, nearest first: typically memory, then Redis when configured. */
  readonly stores: readonly CacheStore[];
  /** Backstop lifetime of an entry when no change event drops it. @default 60_000 */
  readonly ttlMs?: number;
  /**
   * `<subgraph>.<Type>` never cached: `pricing.Product` (entity fetches of that type) or
   * `catalog.Query` (root-field fetches of that subgraph).
   */
  readonly disabled?: readonly string[];
  /**
   * Whether answers for this request may be shared with other callers. The default shares only
   * requests that carry no identity (no `authorization` or `cookie` header); security may pass
   * its own predicate (e.g. one that knows which headers carry identity).
   */
  readonly cacheable?: (request: CacheableRequest) => boolean;
  readonly logger?: Logger;
  /** Invalidations remembered to refuse writes of answers fetched before them. @default 30_000 ms */
  readonly raceWindowMs?: number;
  /** Where `gateway_entity_cache_lookups_total{result="hit"|"miss"}` is counted (the hit rate dashboards show). */
  readonly metrics?: Metrics;
}

/** An invalidation-safe write ticket: taken before the subgraph fetch, checked when writing. */
export type CacheTicket = number;

/**
 * Caches subgraph answers per subgraph and type, tagged by the products they hold, and drops
 * exactly the tagged entries on {@link EntityCache.invalidate}. Store failures never fail a
 * request: a failed read is a miss, a failed write is skipped.
 */
export interface EntityCache {
  readonly ttlMs: number;
  cacheable(request: CacheableRequest): boolean;
  /** False when `<subgraph>.<type>` is turned off by config. */
  enabled(subgraph: string, type: string): boolean;
  get(keys: readonly string[]): Promise<(string | undefined)[]>;
  /** Call before fetching what you will {@link set}. */
  ticket(): CacheTicket;
  /** Stores entries unless one of their tags was invalidated after `ticket` was taken. */
  set(ticket: CacheTicket, entries: readonly CacheEntry[]): Promise<void>;
  invalidate(tags: readonly string[]): Promise<void>;
  /**
   * Resolves once every invalidation started so far has reached the stores: a fetch made right
   * after an event (a subscription's) then reads what the event changed from its subgraph, and
   * its answer refills the cache for the requests after it.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const IDENTITY_HEADERS = ['authorization', 'cookie'];

/** Shares answers only for requests without identity headers. */
export const anonymousOnly = (request: CacheableRequest): boolean =>
  !IDENTITY_HEADERS.some((h) => request.http?.headers.get(h));

/**
 * Whether answers for a request may be shared with other callers: the cache's `cacheable` on
 * the request's headers, and no signed-in caller in its context — a subscription's per-event
 * fetch runs as its subscribers without any HTTP request, and what a signed-in caller sees is theirs.
 */
export function mayShare(cache: Pick<EntityCache, 'cacheable'>, request: CacheableRequest, context: unknown): boolean {
  const identity = (context as { identity?: { subject?: string; scopes?: readonly string[] } } | undefined)?.identity;
  const signedIn = identity !== undefined && (identity.subject !== undefined || (identity.scopes?.length ?? 0) > 0);
  return !signedIn && cache.cacheable(request);
}

/** See {@link EntityCache}. */
/**
 * Answers no change event can invalidate: which products a search returns depends on prices,
 * stock and names of products that are not in the answer (an empty result has no tags at all),
 * so a cached search would go stale until its TTL. Found by the chaos suite's search invariant.
 */
const NEVER_CACHED = ['search.Query'];

export function createEntityCache(options: EntityCacheOptions): EntityCache {
  const ttlMs = options.ttlMs ?? 60_000;
  const raceWindowMs = options.raceWindowMs ?? 30_000;
  const disabled = new Set([...NEVER_CACHED, ...(options.disabled ?? [])]);
  const stores = options.stores;
  const logger = options.logger;
  const lookups = options.metrics?.counter('gateway_entity_cache_lookups_total', 'Entity cache lookups by result', ['result']);
  // Recent invalidations, oldest first: a write whose ticket predates one of them is refused.
  let epoch = 0;
  const recent: { epoch: number; at: number; tags: ReadonlySet<string> }[] = [];
  const inFlight = new Set<Promise<void>>();

  const warn = (store: CacheStore, op: string, err: unknown) =>
    logger?.debug({ err, store: store.name }, `entity cache: ${op} failed; treated as a miss`);

  const invalidatedSince = (ticket: CacheTicket, tags: readonly string[]): boolean => {
    if (ticket === epoch) return false;
    if (recent.length === 0 || recent[0]!.epoch > ticket + 1) return true; // older than the window: be safe
    for (let i = recent.length - 1; i >= 0 && recent[i]!.epoch > ticket; i--) {
      for (const tag of tags) if (recent[i]!.tags.has(tag)) return true;
    }
    return false;
  };

  return {
    ttlMs,
    cacheable: options.cacheable ?? anonymousOnly,
    enabled: (subgraph, type) => !disabled.has(`${subgraph}.${type}`),
    async get(keys) {
      const values: (string | undefined)[] = new Array(keys.length).fill(undefined);
      let missing = keys.map((_, i) => i);
      for (let tier = 0; tier < stores.length && missing.length > 0; tier++) {
        const store = stores[tier]!;
        let found: (string | undefined)[];
        try {
          found = await store.get(missing.map((i) => keys[i]!));
        } catch (err) {
          warn(store, 'read', err);
          continue;
        }
        const still: number[] = [];
        missing.forEach((index, j) => {
          const value = found[j];
          if (value === undefined) still.push(index);
          else values[index] = value;
        });
        missing = still;
      }
      // Values found in a farther tier are not copied nearer: their tags live there, and a
      // near copy without tags could outlive an invalidation.
      lookups?.inc({ result: 'hit' }, keys.length - missing.length);
      lookups?.inc({ result: 'miss' }, missing.length);
      return values;
    },
    ticket() {
      const now = Date.now();
      while (recent.length > 0 && now - recent[0]!.at >= raceWindowMs) recent.shift();
      return epoch;
    },
    async set(ticket, entries) {
      const fresh = entries.filter((e) => !invalidatedSince(ticket, e.tags));
      if (fresh.length === 0) return;
      await Promise.all(
        stores.map((store) => store.set(fresh, ttlMs).catch((err) => warn(store, 'write', err))),
      );
    },
    async invalidate(tags) {
      if (tags.length === 0) return;
      epoch++;
      recent.push({ epoch, at: Date.now(), tags: new Set(tags) });
      const applied = Promise.allSettled(stores.map((store) => store.invalidate(tags))).then((results) => {
        results.forEach((r, i) => {
          if (r.status === 'rejected') logger?.warn({ err: r.reason, store: stores[i]!.name }, 'entity cache: invalidation failed');
        });
      });
      inFlight.add(applied);
      await applied;
      inFlight.delete(applied);
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
    async close() {
      await Promise.all(stores.map((s) => s.close()));
    },
  };
}
