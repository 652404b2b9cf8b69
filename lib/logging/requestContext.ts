import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line and error of one request carries. */
export interface RequestContext {
  /** From a well-formed `x-request-id` header, else generated (UUID). */
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The header a request id travels in, from clients to the gateway and from the gateway to subgraphs. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Ids a client may choose: short and free of characters that could forge log lines. */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id from a header value when it is well formed, else a fresh UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && WELL_FORMED.test(value) ? value : randomUUID();
}

/** Runs `fn` with `context` visible to {@link currentRequest} in everything it awaits. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The request being served, or `undefined` outside one (start-up, timers). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}
