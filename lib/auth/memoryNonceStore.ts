import type { NonceStore } from './NonceStore.js';

/** Options for {@link createMemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /** Most nonces held; past it the oldest is forgotten first. @default 100000 (about 10 MB) */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/**
 * A process-local {@link NonceStore}, for a subgraph without Redis (each replica only
 * knows its own calls). Bounded: entries expire, and when `maxEntries` unexpired ones are
 * held the oldest is dropped. All entries share one TTL per subgraph, so insertion order is
 * expiry order and the oldest is the first to lapse anyway.
 */
export function createMemoryNonceStore(options: MemoryNonceStoreOptions = {}): NonceStore {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  const expiries = new Map<string, number>();
  const sweep = (at: number) => {
    for (const [nonce, expiry] of expiries) {
      if (expiry > at && expiries.size < maxEntries) break;
      expiries.delete(nonce);
    }
  };
  return {
    async claim(nonce, ttlMs) {
      const at = now();
      const expiry = expiries.get(nonce);
      if (expiry !== undefined && expiry > at) return false;
      expiries.delete(nonce);
      sweep(at);
      expiries.set(nonce, at + ttlMs);
      return true;
    },
    async close() {
      expiries.clear();
    },
  };
}
