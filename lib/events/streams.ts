import type { EventType } from './CloudEvent.js';

/** The Redis Stream (before the adapter's key prefix) holding every event of `type`: one stream per event family. */
export const streamOf = (type: EventType): string => `events:${type}`;

/** Where events go that failed validation (relay or consumer) or exhausted their delivery attempts. */
export const DEAD_LETTER_STREAM = 'events:dead-letter';

/** The NOTIFY channel the outbox triggers signal (payload: the schema). */
export const OUTBOX_CHANNEL = 'commerce_outbox';
