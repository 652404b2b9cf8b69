import { randomBytes } from 'node:crypto';
import type { CloudEvent, EventType, Events } from './CloudEvent.js';
import type { EventBus } from './EventBus.js';
import type { EventLog } from './EventLog.js';
import { entryEventId, eventEntry, readEntry, type EntryFields } from './streamEntry.js';
import { streamOf } from './streams.js';

type Handler = (event: CloudEvent<any, any>) => void | Promise<void>;

/** Options for {@link createStreamEventBus}. */
export interface StreamEventBusOptions {
  /** The change-event streams to follow (and append to on `publish`); the caller closes it after the bus. */
  readonly log: EventLog;
  /** Longest blocking read; a type subscribed meanwhile is read from the next one on. @default 500 */
  readonly blockMs?: number;
  /** Told about entries that are not valid events, handlers that throw, and failed reads (retried). */
  readonly onError?: (error: Error, context: { readonly stream: string }) => void;
}

/**
 * The one live read path: an {@link EventBus} that follows the change-event streams the outbox
 * relay appends to (`events:<type>`, one entry per event, lib/events/streamEntry.ts), on Redis
 * or in process alike. A subscriber gets every event appended after it subscribed, in stream
 * order (commit order per product); nothing is lost across a Redis restart or a dropped
 * connection, because reads resume after the last entry delivered. One blocking read follows
 * every subscribed stream. An entry written twice (a relay crashed between append and mark) is
 * delivered twice; consumers deduplicate by event id.
 */
export function createStreamEventBus(options: StreamEventBusOptions): EventBus {
  const { log } = options;
  const blockMs = options.blockMs ?? 500;
  const onError = options.onError ?? (() => {});
  const reader = `follow:${randomBytes(6).toString('hex')}`;
  const handlers = new Map<string, Set<Handler>>(); // stream → handlers
  const cursors = new Map<string, string>(); // stream → last entry id read
  const published = new Map<string, () => void>(); // event id → resolves this bus's own publish
  let loop: Promise<void> | undefined;
  let closed = false;

  /** Calls every handler of the stream; resolves once they all finished (failures reported, not thrown). */
  const deliver = (stream: string, fields: EntryFields): Promise<unknown> | undefined => {
    const validation = readEntry(fields);
    if (!validation.ok) return void onError(new Error(`invalid event: ${validation.reason}`), { stream });
    const running = [...(handlers.get(stream) ?? [])].map(async (handler) => {
      try {
        await handler(validation.event);
      } catch (error) {
        onError(error as Error, { stream });
      }
    });
    return Promise.all(running);
  };

  const takePublished = (eventId: string | undefined) => {
    const done = eventId === undefined ? undefined : published.get(eventId);
    if (done) published.delete(eventId!);
    return done;
  };
  const releasePublished = () => {
    for (const done of published.values()) done();
    published.clear();
  };

  const follow = async () => {
    while (!closed && cursors.size > 0) {
      const streams = [...cursors.keys()];
      try {
        const entries = await log.read(streams.map((stream) => ({ stream, after: cursors.get(stream)! })), { count: 1000, blockMs, reader });
        for (const entry of entries) {
          const done = takePublished(entryEventId(entry.fields));
          if (closed || !cursors.has(entry.stream)) { done?.(); continue; } // unsubscribed meanwhile
          cursors.set(entry.stream, entry.id);
          const handled = deliver(entry.stream, entry.fields);
          if (done) void Promise.resolve(handled).then(done);
        }
      } catch (error) {
        if (closed) break;
        onError(error as Error, { stream: streams.join(',') });
        await new Promise((r) => setTimeout(r, 200)); // Redis is away: resume from the same cursors
      }
    }
    loop = undefined;
  };

  return {
    /** Appends the event; when this bus follows its stream, resolves once its own handlers have run (tests rely on it). */
    async publish<K extends EventType>(event: CloudEvent<K, Events[K]>) {
      const entry = eventEntry(event);
      const { stream } = entry;
      const append = () => log.append([entry]);
      if (!cursors.has(stream)) return void (await append());
      const handled = new Promise<void>((resolve) => published.set(event.id, resolve));
      try {
        await append();
      } catch (error) {
        published.delete(event.id);
        throw error;
      }
      await handled;
    },
    async subscribe<K extends EventType>(type: K, handler: (event: CloudEvent<K, Events[K]>) => void | Promise<void>) {
      const stream = streamOf(type);
      let set = handlers.get(stream);
      if (!set) handlers.set(stream, (set = new Set()));
      set.add(handler as Handler);
      if (!cursors.has(stream)) {
        // Start after the newest entry: what is appended from now on is delivered.
        const last = await log.lastId(stream);
        if (!cursors.has(stream)) cursors.set(stream, last);
      }
      loop ??= follow();
      return async () => {
        if (!set.delete(handler as Handler) || set.size > 0) return;
        handlers.delete(stream);
        cursors.delete(stream);
        releasePublished(); // a publish waiting on this stream would wait forever
      };
    },
    async close() {
      // The follower stops after its read in hand; closing the log ends a blocked read at once.
      closed = true;
      handlers.clear();
      cursors.clear();
      releasePublished();
    },
  };
}
