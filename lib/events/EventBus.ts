import type { CloudEvent, EventType, Events } from './CloudEvent.js';

/**
 * Live delivery of change events: subscribers get the events appended after they subscribed.
 * One adapter, {@link createStreamEventBus}, follows the event log's streams (Redis Streams, or
 * the in-process log of the embedded stack), so live and durable readers share one path.
 */
export interface EventBus {
  /** Appends the event to its stream (tests and benchmarks; services publish through the outbox). */
  publish<K extends EventType>(event: CloudEvent<K, Events[K]>): Promise<void>;
  /** Calls `handler` for each event of `type`; resolves once the subscription is active. Returns the unsubscribe function. */
  subscribe<K extends EventType>(type: K, handler: (event: CloudEvent<K, Events[K]>) => void | Promise<void>): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
