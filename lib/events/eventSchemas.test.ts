import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../../test/helpers/events.js';
import { EVENT_TYPES, type EventType } from './CloudEvent.js';
import { ENVELOPE_SCHEMA_FILE, EVENT_SCHEMA_DIR, readEventSchema, schemaFileOf, type JsonSchema } from './eventSchemas.js';
import { streamOf } from './streams.js';
import { validateEvent } from './validateEvent.js';

type Props = Record<string, JsonSchema>;
const dataOf = (schema: JsonSchema) => (schema.properties as Props).data!;
/** A `$ref` inside one type's schema (`#/$defs/priceState`), resolved. */
const resolve = (schema: JsonSchema, node: JsonSchema) =>
  typeof node.$ref === 'string' && node.$ref.startsWith('#/$defs/') ? (schema.$defs as Props)[node.$ref.slice('#/$defs/'.length)]! : node;
const sorted = (keys: Iterable<string>) => [...keys].sort();

describe('published event schemas (schema/events)', () => {
  const samples = sampleEvents();

  it('has a JSON Schema (draft 2020-12) for every event type, and none for a type that does not exist', () => {
    const files = readdirSync(EVENT_SCHEMA_DIR).filter((f) => f.endsWith('.schema.json') && f !== ENVELOPE_SCHEMA_FILE);
    expect(sorted(files)).toEqual(sorted(EVENT_TYPES.map(schemaFileOf)));
    for (const type of EVENT_TYPES) {
      const schema = readEventSchema(schemaFileOf(type));
      expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: schemaFileOf(type), $ref: ENVELOPE_SCHEMA_FILE });
      expect((schema.properties as Props).type).toEqual({ const: type });
    }
  });

  it('names exactly the data fields of the TypeScript types, all required, states included', () => {
    for (const type of EVENT_TYPES) {
      const schema = readEventSchema(schemaFileOf(type));
      const data = dataOf(schema);
      const sample = samples[type].data as Record<string, unknown>;
      expect([type, sorted(Object.keys(data.properties as Props))]).toEqual([type, sorted(Object.keys(sample))]);
      expect([type, sorted(data.required as string[])]).toEqual([type, sorted(Object.keys(sample))]);
      for (const side of ['before', 'after']) {
        const state = sample[side];
        if (typeof state !== 'object' || state === null) continue;
        const stateSchema = resolve(schema, (data.properties as Props)[side]!);
        expect([type, side, sorted(stateSchema.required as string[])]).toEqual([type, side, sorted(Object.keys(state))]);
      }
    }
  });

  it.each(EVENT_TYPES.map((type) => [type]))('accepts the sample %s and rejects it with any data field missing or of the wrong kind', (type: EventType) => {
    const sample = samples[type];
    expect(validateEvent(JSON.parse(JSON.stringify(sample)))).toEqual({ ok: true, event: sample });
    for (const key of Object.keys(sample.data)) {
      const { [key]: _, ...without } = sample.data as Record<string, unknown>;
      expect(validateEvent({ ...sample, data: without })).toEqual({ ok: false, reason: `data.${key} is missing` });
      const wrong = validateEvent({ ...sample, data: { ...sample.data, [key]: { broken: true } } });
      expect(wrong.ok).toBe(false);
      expect(!wrong.ok && wrong.reason).toMatch(new RegExp(`^data\\.${key}\\b`));
    }
    for (const key of Object.keys(sample)) {
      const { [key]: _, ...without } = sample as unknown as Record<string, unknown>;
      expect(validateEvent(without)).toEqual({ ok: false, reason: `${key} is missing` });
    }
  });

  describe('AsyncAPI document (schema/events/asyncapi.json)', () => {
    const doc = readEventSchema('asyncapi.json') as {
      asyncapi: string;
      channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
      operations: Record<string, { action: string; channel: { $ref: string } }>;
      components: { messages: Record<string, { payload: { schemaFormat: string; schema: { $ref: string } } }> };
    };

    it('is AsyncAPI 3.0 with one channel per event type, on its stream, and no other', () => {
      expect(doc.asyncapi).toBe('3.0.0');
      expect(sorted(Object.keys(doc.channels))).toEqual(sorted(EVENT_TYPES));
      for (const type of EVENT_TYPES) expect(doc.channels[type]!.address).toBe(`{keyPrefix}${streamOf(type)}`);
    });

    it('gives each channel the CloudEvent of its type, its schema by $ref to the published file, and an operation', () => {
      for (const type of EVENT_TYPES) {
        const { $ref } = doc.channels[type]!.messages[type]!;
        const message = doc.components.messages[$ref.replace('#/components/messages/', '')]!;
        expect(message.payload).toEqual({ schemaFormat: 'application/schema+json;version=draft-2020-12', schema: { $ref: `./${schemaFileOf(type)}` } });
        expect(Object.values(doc.operations).filter((o) => o.channel.$ref === `#/channels/${type}`).map((o) => o.action)).toEqual(['send']);
      }
    });
  });
});
