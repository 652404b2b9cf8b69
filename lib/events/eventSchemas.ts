import { readFileSync } from 'node:fs';
import { fromRoot } from '../paths.js';
import type { EventType } from './CloudEvent.js';

/** Where the published event schemas live (JSON Schema draft 2020-12, and the AsyncAPI document). */
export const EVENT_SCHEMA_DIR = fromRoot('schema', 'events');

/** The envelope every event type's schema refers to. */
export const ENVELOPE_SCHEMA_FILE = 'cloudevent.schema.json';

/** The schema file of one event type: `schema/events/<type>.schema.json`. */
export const schemaFileOf = (type: EventType): string => `${type}.schema.json`;

/** A schema as parsed JSON (its `$id` is its file name, so the files refer to each other by name). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Reads one schema file of schema/events; throws when it is missing. */
export function readEventSchema(file: string): JsonSchema {
  return JSON.parse(readFileSync(`${EVENT_SCHEMA_DIR}/${file}`, 'utf8')) as JsonSchema;
}
