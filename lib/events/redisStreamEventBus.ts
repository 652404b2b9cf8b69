import { Redis } from 'ioredis';
import type { AnyEvent, CloudEvent, EventType, Events } from './CloudEvent.js';
import type { EventBus } from './EventBus.js';
import { toJson } from './rawJson.js';
import { streamOf } from './streams.js';
import { validateEvent } from './validateEvent.js';

type Handler = (event: CloudEvent<any, any>) => void | Promise<void>;

/** Options for {@link createRedisStreamEventBus}. */
export interface RedisStreamEventBusOptions {
  readonly url: string;
  /** Prefixes every stream key, as the event log's (`<prefix>events:<type>`). @default '' */
  readonly keyPrefix?: string;
  /** Longest blocking read; a type subscribed meanwhile is read from the next one on. @default 500 */
  readonly blockMs?: number;
  /** Approximate entries kept per stream by `publish`. @default 1_000_000 */
  readonly maxLength?: number;
  /** Told about entries that are not valid events, handlers that throw, and failed reads (retried). */
  readonly onError?: (error: Error, context: { readonly stream: string }) => void;
}

/**
 * An {@link EventBus} that tails the change-event streams the outbox relay appends to
 * (`events:<type>`, one entry per event with fields `id` and `event`) instead of pub/sub.
 * A subscriber gets every event appended after it subscribed, in stream order (commit
 * order per product), and nothing is lost across a Redis restart or a dropped connection:
 * reads resume after the last entry delivered. One blocking connection reads every
 * subscribed stream. A stream entry written twice (a relay crashed between append and
 * mark) is delivered twice; consumers deduplicate by event id.
 */
export function createRedisStreamEventBus(options: RedisStreamEventBusOptions): EventBus {
  const prefix = options.keyPrefix ?? '';
  const blockMs = options.blockMs ?? 500;
  const maxLength = options.maxLength ?? 1_000_000;
  const onError = options.onError ?? (() => {});
  const publisher = new Redis(options.url, { maxRetriesPerRequest: 2, lazyConnect: true });
  publisher.on('error', () => {});
  let reader: Redis | undefined;
  const handlers = new Map<string, Set<Handler>>(); // stream key → handlers
  const cursors = new Map<string, string>(); // stream key → last entry id read
  let loop: Promise<void> | undefined;
  let closed = false;

  const deliver = (key: string, flat: string[]) => {
    let json: string | undefined;
    for (let i = 0; i + 1 < flat.length; i += 2) if (flat[i] === 'event') json = flat[i + 1];
    let parsed: unknown;
    try {
      parsed = JSON.parse(json ?? '');
    } catch {
      return onError(new Error('stream entry has no JSON event'), { stream: key });
    }
    const validation = validateEvent(parsed);
    if (!validation.ok) return onError(new Error(`invalid event: ${validation.reason}`), { stream: key });
    for (const handler of handlers.get(key) ?? []) {
      try {
        Promise.resolve(handler(validation.event)).catch((error: Error) => onError(error, { stream: key }));
      } catch (error) {
        onError(error as Error, { stream: key });
      }
    }
  };

  const run = async () => {
    while (!closed && cursors.size > 0) {
      const keys = [...cursors.keys()];
      try {
        const reply = (await reader!.xread('COUNT', 1000, 'BLOCK', blockMs, 'STREAMS', ...keys, ...keys.map((k) => cursors.get(k)!))) as
          [string, [string, string[]][]][] | null;
        for (const [key, entries] of reply ?? []) {
          for (const [id, flat] of entries) {
            if (!cursors.has(key)) break; // unsubscribed meanwhile
            cursors.set(key, id);
            deliver(key, flat);
          }
        }
      } catch (error) {
        if (closed) return;
        onError(error as Error, { stream: keys.join(',') });
        await new Promise((r) => setTimeout(r, 200)); // Redis is away: resume from the same cursors
      }
    }
    loop = undefined;
  };

  const append = (pipeline: ReturnType<Redis['pipeline']>, event: AnyEvent | CloudEvent<any, any>) =>
    pipeline.xadd(prefix + streamOf(event.type as EventType), 'MAXLEN', '~', maxLength, '*', 'id', event.id, 'event', toJson(event));

  return {
    async publish<K extends EventType>(event: CloudEvent<K, Events[K]>) {
      const pipeline = publisher.pipeline();
      append(pipeline, event);
      await pipeline.exec();
    },
    async publishAll(events) {
      const pipeline = publisher.pipeline();
      for (const event of events) append(pipeline, event);
      await pipeline.exec();
    },
    async subscribe<K extends EventType>(type: K, handler: (event: CloudEvent<K, Events[K]>) => void | Promise<void>) {
      const key = prefix + streamOf(type);
      if (!reader) {
        reader = new Redis(options.url, { maxRetriesPerRequest: 1 });
        reader.on('error', () => {});
      }
      let set = handlers.get(key);
      if (!set) handlers.set(key, (set = new Set()));
      set.add(handler as Handler);
      if (!cursors.has(key)) {
        // Start after the newest entry: what is appended from now on is delivered.
        const [last] = (await publisher.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][];
        if (!cursors.has(key)) cursors.set(key, last?.[0] ?? '0-0');
      }
      loop ??= run();
      return async () => {
        if (!set.delete(handler as Handler) || set.size > 0) return;
        handlers.delete(key);
        cursors.delete(key);
      };
    },
    async close() {
      closed = true;
      handlers.clear();
      cursors.clear();
      reader?.disconnect();
      await loop?.catch(() => {});
      await publisher.quit().catch(() => publisher.disconnect());
    },
  };
}
