import { createRequire } from 'node:module';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
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

/** Structured JSON logs (or pretty lines for a terminal); one logger per service (`service` field); lines logged during a request carry its `requestId`. */
export function createLogger(options: {
  level: string;
  service: string;
  /** Human-readable lines (pino-pretty) instead of JSON: for a terminal, never production. @default false */
  pretty?: boolean;
  /** Where lines go. @default stdout */
  destination?: DestinationStream;
}): Logger {
  const settings = { level: options.level, base: { service: options.service }, serializers: { err: serializeError }, mixin: requestIdMixin };
  const stream = (options.pretty ? prettyStream(options.destination) : undefined) ?? options.destination;
  return stream ? pino(settings, stream) : pino(settings);
}

/**
 * pino-pretty as an in-process stream (no worker thread), or undefined where it is not installed
 * (a production image without dev dependencies): logs then stay JSON.
 */
function prettyStream(destination: DestinationStream | undefined): DestinationStream | undefined {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
    return pretty({ colorize: !destination, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l', destination: destination ?? 1, sync: true });
  } catch {
    return undefined;
  }
}

/** Whether a service's logs should be pretty: a terminal, outside production. */
export const prettyLogs = (environment: string): boolean => environment !== 'production' && process.stdout.isTTY === true;
