import type { CloudEvent, EventType, Events } from './CloudEvent.js';
import type { EventBus } from './EventBus.js';

type Handler = (event: CloudEvent<any, any>) => void | Promise<void>;

/** An {@link EventBus} inside one process: the embedded stack and unit tests. */
export function createInProcessEventBus(): EventBus {
  const handlers = new Map<EventType, Set<Handler>>();
  const publish = async (event: CloudEvent<any, any>) => {
    for (const handler of handlers.get(event.type) ?? []) {
      // A failing subscriber must not stop delivery to the others.
      try {
        await handler(event);
      } catch {
        /* the subscriber logs its own failures */
      }
    }
  };
  let queued: Promise<void> = Promise.resolve();
  return {
    publish,
    /**
     * Queues the events and resolves at once; handlers then run in publish order. The relay calls
     * it inside its transaction: a handler that reads the store (PGlite has one connection) must
     * not wait for that transaction, nor the transaction for the handler.
     */
    async publishAll(events) {
      const batch = [...events];
      queued = queued.then(async () => {
        for (const event of batch) await publish(event);
      });
    },
    async subscribe<K extends EventType>(type: K, handler: (event: CloudEvent<K, Events[K]>) => void | Promise<void>) {
      const set = handlers.get(type) ?? new Set<Handler>();
      handlers.set(type, set);
      set.add(handler as Handler);
      return async () => void set.delete(handler as Handler);
    },
    async close() {
      handlers.clear();
    },
  };
}
