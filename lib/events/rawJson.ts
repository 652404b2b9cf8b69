import type { CloudEvent } from './CloudEvent.js';

/**
 * The JSON text an event was parsed from, when its producer kept it (the relay does), so an
 * adapter can send it on without serialising the event again. Internal to lib/events; an
 * event without an entry is serialised as usual.
 */
export const rawJson = new WeakMap<CloudEvent<any, any>, string>();

/** The event's JSON text: the kept original, or a fresh serialisation. */
export const toJson = (event: CloudEvent<any, any>): string => rawJson.get(event) ?? JSON.stringify(event);
