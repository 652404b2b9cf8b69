import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { EVENT_TYPES, type AnyEvent, type EventType } from './CloudEvent.js';
import { ENVELOPE_SCHEMA_FILE, readEventSchema, schemaFileOf } from './eventSchemas.js';

/** The outcome of {@link validateEvent}: the typed event, or why it is not one. */
export type EventValidation = { readonly ok: true; readonly event: AnyEvent } | { readonly ok: false; readonly reason: string };

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `data` key that names the event's subject: what JSON Schema cannot compare, so checked here. */
const subjectKeyOf = (type: EventType): 'productId' | 'orderId' | 'queryId' =>
  (/^commerce\.(orders|payments|shipping)\./.test(type) ? 'orderId' : type.startsWith('commerce.insights.') ? 'queryId' : 'productId');

// `verbose` keeps the failing schema on an error (for the `not` rule's description); it costs nothing on success.
const ajv = new Ajv2020({ allowUnionTypes: true, verbose: true });
// `date-time` as ajv-formats checks it (a CommonJS module: its plugin is `default`), remembering the
// last valid value: the events of one statement share their `time`.
const isDateTime = (ajvFormats.default.get('date-time') as { validate: (value: string) => boolean }).validate;
let lastDateTime = '';
ajv.addFormat('date-time', { type: 'string', validate: (value: string) => value === lastDateTime || (isDateTime(value) && ((lastDateTime = value), true)) });
ajv.addSchema(readEventSchema(ENVELOPE_SCHEMA_FILE));
const envelope = ajv.getSchema(ENVELOPE_SCHEMA_FILE)!;
const TYPES = new Set<string>(EVENT_TYPES);
/** Compiled on first use, once per type. */
const validators = new Map<string, ValidateFunction>();
const validatorOf = (type: EventType): ValidateFunction => {
  let validate = validators.get(type);
  if (!validate) validators.set(type, (validate = ajv.compile(readEventSchema(schemaFileOf(type)))));
  return validate;
};

/** `/data/lines/0/quantity` → `data.lines[0].quantity`. */
const pathOf = (pointer: string) => pointer.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
  .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');

/** One schema violation as a sentence naming the field, e.g. `data.after.listAmount must be >= 0`. */
function describe(error: ErrorObject): string {
  const path = pathOf(error.instancePath);
  const at = path || 'event';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': return `${path ? `${path}.` : ''}${String(params.missingProperty)} is missing`;
    case 'additionalProperties': return path ? `${path} has an unknown property ${JSON.stringify(params.additionalProperty)}` : `unknown attribute ${JSON.stringify(params.additionalProperty)}`;
    case 'const': return `${at} must be ${JSON.stringify(params.allowedValue)}, not ${JSON.stringify(error.data)}`;
    case 'enum': return `${at} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format': return `${at} must be an ISO 8601 ${String(params.format)} with a time zone`;
    case 'not': return `${at} must not be ${String((error.schema as { description?: string }).description ?? 'what it is')}`;
    default: return `${at} ${error.message ?? 'is invalid'}`;
  }
}

/** Parses JSON text and validates the event it holds ({@link validateEvent}). */
export function validateEventJson(text: string | undefined): EventValidation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    return { ok: false, reason: 'event is not JSON' };
  }
  return validateEvent(parsed);
}

/**
 * Validates a CloudEvents 1.0 event against the published schema of its type
 * (`schema/events/<type>.schema.json`, JSON Schema draft 2020-12, compiled once by Ajv): envelope
 * attributes and no others, `source` = `/commerce/<subgraph of the type>`, `data` with its
 * fields (for change events the before/after states, at least one present); then what a
 * schema cannot say: `subject` = `data.productId` (`data.orderId` for order, payment and shipment
 * events, `data.queryId` for the search log).
 * The reason names the first violation. Runs at both edges: the relay before publishing,
 * consumers before handling.
 */
export function validateEvent(value: unknown): EventValidation {
  const fail = (reason: string): EventValidation => ({ ok: false, reason });
  if (!isObject(value)) return fail('event is not a JSON object');
  if (typeof value.type !== 'string' || !TYPES.has(value.type)) {
    // Say what is wrong with the envelope first; a well-formed event of a type we do not know is just unknown.
    return fail(envelope(value) ? `unknown event type ${JSON.stringify(value.type)}` : describe(envelope.errors![0]!));
  }
  const type = value.type as EventType;
  const validate = validatorOf(type);
  if (!validate(value)) return fail(describe(validate.errors![0]!));
  const key = subjectKeyOf(type);
  if ((value.data as Obj)[key] !== value.subject) return fail(`data.${key} must equal subject`);
  return { ok: true, event: value as unknown as AnyEvent };
}
