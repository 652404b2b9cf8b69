import type { CloudEvent } from './CloudEvent.js';
import { DEAD_LETTER_STREAM, streamOf } from './streams.js';
import { validateEventJson, type EventValidation } from './validateEvent.js';

/**
 * The layout of a stream entry, written and read only here. An event's entry has two fields:
 * `data`, the CloudEvent JSON, which is all a Dapr `pubsub.redis` subscriber reads (the stream
 * key is its topic; docs/events.md), and `id`, the event id, so the project's readers find an
 * event (a follower its own publish, a replay its starting event) without parsing it. Dapr
 * ignores `id`; the entry has no `metadata` field, which Dapr would parse as a JSON object of
 * strings. A dead letter carries the event text in `data` too, next to `reason` and where it
 * came from.
 */
export type EntryFields = Readonly<Record<string, string>>;

/** The entry of `event` on its stream (`events:<type>`); `json` is its text when already at hand. */
export function eventEntry(event: CloudEvent<any, any>, json: string = JSON.stringify(event)): { stream: string; fields: EntryFields } {
  return { stream: streamOf(event.type), fields: { id: event.id, data: json } };
}

/** A dead letter (`events:dead-letter`): why, where from (`source` of the relay; `group`, `stream`, `entryId` of a consumer), and the event text. */
export function deadLetterEntry(reason: string, origin: Readonly<Record<string, string>>, json: string): { stream: string; fields: EntryFields } {
  return { stream: DEAD_LETTER_STREAM, fields: { reason, ...origin, data: json } };
}

/** The CloudEvent id of an entry (undefined for an entry written by another producer, e.g. a Dapr app). */
export const entryEventId = (fields: EntryFields): string | undefined => fields.id;

/** The event text of an entry or a dead letter; `event` is where entries written before the `data` field kept it. */
export const entryJson = (fields: EntryFields): string | undefined => fields.data ?? fields.event;

/** Parses and validates the event of an entry. */
export const readEntry = (fields: EntryFields): EventValidation => validateEventJson(entryJson(fields));

/** A flat field/value list, as Redis replies (XRANGE, XREADGROUP), as an object. */
export function fieldsOf(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
  return fields;
}
