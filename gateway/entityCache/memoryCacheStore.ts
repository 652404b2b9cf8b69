import type { CacheEntry, CacheStore } from './CacheStore.js';

interface Slot {
  readonly value: string;
  readonly expires: number;
  readonly tags: readonly string[];
}

/**
 * A {@link CacheStore} in this process: a Map with expiry, bounded by `maxEntries`
 * (the oldest entry goes first), and a tag index for exact invalidation.
 * @param maxEntries @default 50_000
 */
export function createMemoryCacheStore(options: { maxEntries?: number; now?: () => number } = {}): CacheStore {
  const maxEntries = options.maxEntries ?? 50_000;
  const now = options.now ?? Date.now;
  const slots = new Map<string, Slot>();
  const byTag = new Map<string, Set<string>>();

  const remove = (key: string) => {
    const slot = slots.get(key);
    if (!slot) return;
    slots.delete(key);
    for (const tag of slot.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  };

  return {
    name: 'memory',
    async get(keys) {
      const t = now();
      return keys.map((key) => {
        const slot = slots.get(key);
        if (!slot) return undefined;
        if (slot.expires <= t) {
          remove(key);
          return undefined;
        }
        return slot.value;
      });
    },
    async set(entries: readonly CacheEntry[], ttlMs) {
      const expires = now() + ttlMs;
      for (const entry of entries) {
        remove(entry.key);
        slots.set(entry.key, { value: entry.value, expires, tags: entry.tags });
        for (const tag of entry.tags) {
          let keys = byTag.get(tag);
          if (!keys) byTag.set(tag, (keys = new Set()));
          keys.add(entry.key);
        }
      }
      while (slots.size > maxEntries) remove(slots.keys().next().value as string);
    },
    async invalidate(tags) {
      for (const tag of tags) for (const key of [...(byTag.get(tag) ?? [])]) remove(key);
    },
    async close() {
      slots.clear();
      byTag.clear();
    },
  };
}
