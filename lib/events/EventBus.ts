import type { AnyEvent, CloudEvent, EventType, Events } from './CloudEvent.js';

/**
 * Live delivery of change events (pub/sub): subscribers get events published after they
 * subscribed, at most once per bus; durable, replayable delivery is the stream consumer's job.
 * Adapters: Redis pub/sub (several processes) and in-process (embedded stack, unit tests).
 */
export interface EventBus {
  publish<K extends EventType>(event: CloudEvent<K, Events[K]>): Promise<void>;
  /** Calls `handler` for each event of `type`; resolves once the subscription is active. Returns the unsubscribe function. */
  subscribe<K extends EventType>(type: K, handler: (event: CloudEvent<K, Events[K]>) => void | Promise<void>): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /**
   * Publishes several events, in order, as cheaply as the adapter can (Redis: one message per
   * type instead of one per event; subscribers still get one call per event). Optional:
   * without it, callers publish one by one. Added for the outbox relay's batches.
   */
  publishAll?(events: readonly AnyEvent[]): Promise<void>;
}
