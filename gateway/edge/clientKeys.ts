import { hashApiKey, isWellFormedApiKey } from '../../lib/auth/index.js';
import type { SubgraphClient } from '../../lib/subgraph/index.js';

/** An API client as the gateway applies it to requests (from the clients subgraph). */
export interface EdgeClient {
  readonly id: string;
  readonly kind: string;
  readonly requestsPerSecond: number;
  readonly costPerMinute: number;
  readonly trustedOnly: boolean;
}

/** Finds the client a live key belongs to, by the key's SHA-256; undefined when none. */
export type KeyLookup = (keyHash: string) => Promise<EdgeClient | undefined>;

/** The gateway's view of API keys: the client of a key, or undefined for a key that is not live. */
export interface ClientKeys {
  find(apiKey: string): Promise<EdgeClient | undefined>;
}

/** Options for {@link cachedClientKeys}. */
export interface ClientKeyCacheOptions {
  /** How long an answer is reused: a revocation or a limit change reaches every replica within it. @default 10 s */
  readonly ttlMs?: number;
  /** How long "no such key" is reused, so a flood of bad keys does not become a flood of lookups. @default 2 s */
  readonly negativeTtlMs?: number;
  /** While the lookup fails, a known key is still served for this long past its TTL. @default 5 min */
  readonly staleMs?: number;
  /** @default 10,000 */
  readonly maxEntries?: number;
  /**
   * Lookups in flight at once: past it a key not in the cache is refused (503, retry) rather
   * than looked up, so a flood of made-up keys cannot flood the clients subgraph. Known keys are
   * answered from the cache meanwhile. @default 64
   */
  readonly maxLookups?: number;
  readonly now?: () => number;
}

interface Entry { readonly client: EdgeClient | undefined; readonly at: number }

/**
 * Keys looked up once per TTL: concurrent requests with one key share one lookup, and a known
 * key keeps working through a short outage of the lookup (its last answer, up to `staleMs`).
 * A malformed key is refused without a lookup.
 */
export function cachedClientKeys(lookup: KeyLookup, options: ClientKeyCacheOptions = {}): ClientKeys {
  const ttl = options.ttlMs ?? 10_000;
  const negativeTtl = options.negativeTtlMs ?? 2_000;
  const stale = options.staleMs ?? 300_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const maxLookups = options.maxLookups ?? 64;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<EdgeClient | undefined>>();

  const refresh = (hash: string, previous: Entry | undefined) => {
    let pending = inFlight.get(hash);
    if (pending) return pending;
    if (inFlight.size >= maxLookups) {
      if (previous?.client && now() - previous.at < ttl + stale) return Promise.resolve(previous.client);
      return Promise.reject(new Error('too many API key lookups in flight'));
    }
    pending = lookup(hash).then(
      (client) => {
        entries.delete(hash); // re-inserted last: the Map's order is the eviction order
        entries.set(hash, { client, at: now() });
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
        return client;
      },
      (error: unknown) => {
        if (previous?.client && now() - previous.at < ttl + stale) return previous.client;
        throw error;
      },
    ).finally(() => inFlight.delete(hash));
    inFlight.set(hash, pending);
    return pending;
  };

  return {
    async find(apiKey) {
      if (!isWellFormedApiKey(apiKey)) return undefined;
      const hash = hashApiKey(apiKey);
      const entry = entries.get(hash);
      if (entry && now() - entry.at < (entry.client ? ttl : negativeTtl)) return entry.client;
      return refresh(hash, entry);
    },
  };
}

const GRANT = /* GraphQL */ `query ($keyHash: String!) {
  apiKeyGrant(keyHash: $keyHash) { clientId kind requestsPerSecond costPerMinute trustedOnly }
}`;

interface Grant { clientId: string; kind: string; requestsPerSecond: number; costPerMinute: number; trustedOnly: boolean }

/** Looks keys up in the clients subgraph (its @inaccessible `apiKeyGrant`), signed as the gateway with `clients:lookup`. */
export const keyLookupFromSubgraph = (clients: SubgraphClient): KeyLookup => async (keyHash) => {
  const { apiKeyGrant: grant } = await clients.request<{ apiKeyGrant: Grant | null }>(GRANT, { keyHash }, { idempotent: true });
  if (!grant) return undefined;
  return { id: grant.clientId, kind: grant.kind.toLowerCase(), requestsPerSecond: grant.requestsPerSecond, costPerMinute: grant.costPerMinute, trustedOnly: grant.trustedOnly };
};
