import { compareEntryIds, type EventLog, type LogEntry, type ReadOptions } from './EventLog.js';

interface Pending { consumer: string; deliveries: number; deliveredAt: number }
interface Group { lastId: string; readonly pending: Map<string, Pending> }
interface Stream { readonly entries: { id: string; fields: Readonly<Record<string, string>> }[]; readonly groups: Map<string, Group> }

/** Options for {@link createInProcessEventLog}. */
export interface InProcessEventLogOptions {
  /** Entries kept per stream; older ones are dropped (like XADD MAXLEN). @default 100_000 */
  readonly maxLength?: number;
}

/**
 * An {@link EventLog} in memory with Redis Streams semantics: the embedded stack (no Redis)
 * and unit tests. Nothing survives the process.
 */
export function createInProcessEventLog(options: InProcessEventLogOptions = {}): EventLog {
  const maxLength = options.maxLength ?? 100_000;
  const streams = new Map<string, Stream>();
  const remembered = new Map<string, number>();
  const waiters = new Set<() => void>();
  let lastMs = 0;
  let lastSeq = 0;
  let closed = false;

  const streamNamed = (name: string): Stream => {
    let stream = streams.get(name);
    if (!stream) streams.set(name, (stream = { entries: [], groups: new Map() }));
    return stream;
  };
  const nextId = () => {
    const now = Date.now();
    if (now > lastMs) [lastMs, lastSeq] = [now, 0];
    else lastSeq++;
    return `${lastMs}-${lastSeq}`;
  };
  const firstAfter = (stream: Stream, after: string) => {
    // Entries are in id order: binary search for the first id > after.
    let lo = 0;
    let hi = stream.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareEntryIds(stream.entries[mid]!.id, after) > 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  /** Resolves after the next append (or close), or after `ms`. */
  const nextAppend = (ms: number) => new Promise<void>((resolve) => {
    const wake = () => { waiters.delete(wake); clearTimeout(timer); resolve(); };
    const timer = setTimeout(wake, ms);
    waiters.add(wake);
  });
  /**
   * A read of a closed log fails, as one over a closed Redis connection does: answering nothing at
   * once would have a reader's loop spin on promises alone, starving timers (a read in progress when
   * the log closes answers what it has).
   */
  const refuseIfClosed = () => {
    if (closed) throw new Error('the event log is closed');
  };
  const groupOf = (name: string, group: string) => {
    const found = streams.get(name)?.groups.get(group);
    if (!found) throw Object.assign(new Error(`NOGROUP No such consumer group ${group} for stream ${name}`), { code: 'NOGROUP' });
    return found;
  };
  const take = (streamNames: readonly string[], group: string, consumer: string, count: number): LogEntry[] => {
    const out: LogEntry[] = [];
    for (const name of streamNames) {
      const stream = streams.get(name)!;
      const g = groupOf(name, group);
      for (let i = firstAfter(stream, g.lastId); i < stream.entries.length && out.length < count; i++) {
        const entry = stream.entries[i]!;
        g.lastId = entry.id;
        g.pending.set(entry.id, { consumer, deliveries: 1, deliveredAt: Date.now() });
        out.push({ stream: name, id: entry.id, fields: entry.fields, deliveries: 1 });
      }
    }
    return out;
  };

  return {
    async append(entries) {
      const ids = entries.map(({ stream: name, fields }) => {
        const stream = streamNamed(name);
        const id = nextId();
        stream.entries.push({ id, fields: { ...fields } });
        if (stream.entries.length > maxLength) stream.entries.splice(0, stream.entries.length - maxLength);
        return id;
      });
      for (const wake of [...waiters]) wake();
      return ids;
    },
    async createGroup(name, group, from) {
      const stream = streamNamed(name);
      if (stream.groups.has(group)) return;
      const lastId = from === '$' ? (stream.entries.at(-1)?.id ?? '0-0') : from === '0' ? '0-0' : from;
      stream.groups.set(group, { lastId, pending: new Map() });
    },
    async readGroup(group, consumer, streamNames, { count, blockMs }: ReadOptions) {
      refuseIfClosed();
      for (const name of streamNames) groupOf(name, group);
      const deadline = Date.now() + blockMs;
      for (;;) {
        const out = take(streamNames, group, consumer, count);
        const left = deadline - Date.now();
        if (out.length > 0 || left <= 0 || closed) return out;
        await nextAppend(left);
      }
    },
    async read(cursors, { count, blockMs }) {
      refuseIfClosed();
      const deadline = Date.now() + blockMs;
      for (;;) {
        const out: LogEntry[] = [];
        for (const { stream: name, after } of cursors) {
          const stream = streams.get(name);
          if (!stream) continue;
          for (let i = firstAfter(stream, after); i < stream.entries.length && out.length < count; i++) {
            const entry = stream.entries[i]!;
            out.push({ stream: name, id: entry.id, fields: entry.fields, deliveries: 0 });
          }
        }
        const left = deadline - Date.now();
        if (out.length > 0 || left <= 0 || closed) return out;
        await nextAppend(left);
      }
    },
    async lastId(name) {
      return streams.get(name)?.entries.at(-1)?.id ?? '0-0';
    },
    async claimIdle(name, group, consumer, { minIdleMs, count }) {
      const g = groupOf(name, group);
      const stream = streams.get(name)!;
      const now = Date.now();
      const out: LogEntry[] = [];
      for (const [id, pending] of [...g.pending].sort(([a], [b]) => compareEntryIds(a, b))) {
        if (out.length >= count) break;
        if (now - pending.deliveredAt < minIdleMs) continue;
        const entry = stream.entries[firstAfter(stream, id) - 1];
        if (entry?.id !== id) { g.pending.delete(id); continue; } // trimmed away, as XAUTOCLAIM does
        Object.assign(pending, { consumer, deliveries: pending.deliveries + 1, deliveredAt: now });
        out.push({ stream: name, id, fields: entry.fields, deliveries: pending.deliveries });
      }
      return out;
    },
    async ack(name, group, ids) {
      const g = streams.get(name)?.groups.get(group);
      for (const id of ids) g?.pending.delete(id);
    },
    async range(name, after, count) {
      const stream = streams.get(name);
      if (!stream) return [];
      const start = firstAfter(stream, after === '0' ? '0-0' : after);
      return stream.entries.slice(start, start + count).map((e) => ({ stream: name, id: e.id, fields: e.fields, deliveries: 0 }));
    },
    async seen(keys) {
      const now = Date.now();
      return keys.map((key) => (remembered.get(key) ?? 0) > now);
    },
    async remember(keys, ttlMs) {
      const until = Date.now() + ttlMs;
      for (const key of keys) remembered.set(key, until);
      if (remembered.size > maxLength * 2) {
        const now = Date.now();
        for (const [key, expires] of remembered) if (expires <= now) remembered.delete(key);
      }
    },
    async close() {
      closed = true;
      for (const wake of [...waiters]) wake();
    },
  };
}
