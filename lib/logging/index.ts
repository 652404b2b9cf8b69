import { pino, stdSerializers, type Logger } from 'pino';
import { currentRequest } from './requestContext.js';

export type { Logger };
export { currentRequest, REQUEST_ID_HEADER, requestIdFrom, runWithRequestContext } from './requestContext.js';
export type { RequestContext } from './requestContext.js';

const MAX_FIELD = 500;

/** Errors from the database drivers carry the statement and its parameters: keep logs short and free of data. */
function serializeError(error: unknown) {
  const serialized = stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  delete serialized.params;
  if (typeof serialized.query === 'string' && serialized.query.length > MAX_FIELD) serialized.query = `${serialized.query.slice(0, MAX_FIELD)}…`;
  return serialized;
}

/** Adds the current request's id to every line logged while serving it. */
function requestIdMixin(): Record<string, unknown> {
  const request = currentRequest();
  return request ? { requestId: request.requestId } : {};
}

/** Structured JSON logs; one logger per service (`service` field); lines logged during a request carry its `requestId`. */
export function createLogger(options: { level: string; service: string }): Logger {
  return pino({ level: options.level, base: { service: options.service }, serializers: { err: serializeError }, mixin: requestIdMixin });
}
