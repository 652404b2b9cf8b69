import { Redis } from 'ioredis';
import type { CloudEvent, EventType, Events } from './CloudEvent.js';
import type { EventBus } from './EventBus.js';
import { toJson } from './rawJson.js';
import { validateEvent } from './validateEvent.js';

type Handler = (event: CloudEvent<any, any>) => void | Promise<void>;

/** Options for {@link createRedisEventBus}. */
export interface RedisEventBusOptions {
  readonly url: string;
  /** Prefixes every channel (`<prefix><event type>`). @default '' */
  readonly keyPrefix?: string;
  /** Told about messages that are not valid events and handlers that throw; delivery to the others goes on. */
  readonly onError?: (error: Error, context: { readonly channel: string }) => void;
}

/**
 * An {@link EventBus} on Redis pub/sub (ioredis): every process subscribed to a type receives
 * each event published after it subscribed (gateway replicas share the feed). One connection
 * publishes (auto-pipelined), one subscribes (re-subscribes by itself after a reconnect).
 * A channel message is one event's JSON, or a JSON array of events (`publishAll`).
 */
export function createRedisEventBus(options: RedisEventBusOptions): EventBus {
  const prefix = options.keyPrefix ?? '';
  const onError = options.onError ?? (() => {});
  const publisher = new Redis(options.url, { enableAutoPipelining: true, maxRetriesPerRequest: 2 });
  publisher.on('error', () => {});
  let subscriber: Redis | undefined;
  const handlers = new Map<string, Set<Handler>>();
  const active = new Map<string, Promise<unknown>>(); // channel → its SUBSCRIBE

  const deliver = (channel: string, message: string) => {
    const set = handlers.get(channel);
    if (!set || set.size === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return onError(new Error('message is not JSON'), { channel });
    }
    // A message is one event, or an array of events from publishAll.
    for (const candidate of Array.isArray(parsed) ? parsed : [parsed]) {
      const validation = validateEvent(candidate);
      if (!validation.ok) {
        onError(new Error(`invalid event: ${validation.reason}`), { channel });
        continue;
      }
      for (const handler of set) {
        try {
          Promise.resolve(handler(validation.event)).catch((error: Error) => onError(error, { channel }));
        } catch (error) {
          onError(error as Error, { channel });
        }
      }
    }
  };

  return {
    async publish<K extends EventType>(event: CloudEvent<K, Events[K]>) {
      await publisher.publish(prefix + event.type, toJson(event));
    },
    async publishAll(events) {
      const byType = new Map<string, string[]>();
      for (const event of events) {
        const list = byType.get(event.type);
        if (list) list.push(toJson(event));
        else byType.set(event.type, [toJson(event)]);
      }
      await Promise.all([...byType].map(([type, list]) => publisher.publish(prefix + type, `[${list.join(',')}]`)));
    },
    async subscribe<K extends EventType>(type: K, handler: (event: CloudEvent<K, Events[K]>) => void | Promise<void>) {
      const channel = prefix + type;
      if (!subscriber) {
        subscriber = new Redis(options.url);
        subscriber.on('error', () => {});
        subscriber.on('message', deliver);
      }
      let set = handlers.get(channel);
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler as Handler);
      if (!active.has(channel)) active.set(channel, subscriber.subscribe(channel));
      await active.get(channel);
      const sub = subscriber;
      return async () => {
        if (!set.delete(handler as Handler) || set.size > 0) return;
        handlers.delete(channel);
        active.delete(channel);
        await sub.unsubscribe(channel).catch(() => {});
      };
    },
    async close() {
      handlers.clear();
      active.clear();
      await Promise.all([publisher, subscriber].filter((c): c is Redis => !!c).map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
