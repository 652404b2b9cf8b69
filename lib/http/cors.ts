import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a browser on another origin may send and read (the key and rate-limit headers included). */
const ALLOW_HEADERS = 'content-type, authorization, x-api-key, accept, apollo-require-preflight, x-apollo-operation-name, x-request-id';
const EXPOSE_HEADERS = 'ratelimit, ratelimit-policy, retry-after, x-request-id';

/**
 * CORS for browsers on other origins (a storefront on its own domain): `origins` lists the
 * allowed ones (`*`: any). Writes the headers of an allowed origin on `res`; answers a
 * preflight (OPTIONS) itself and returns true. A request from an origin not listed gets no
 * CORS headers, so the browser withholds the answer; same-origin requests are untouched.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, origins: readonly string[]): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && (origins.includes('*') || origins.includes(origin));
  if (origin !== undefined) res.setHeader('vary', 'Origin');
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
  }
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', ALLOW_HEADERS);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(allowed ? 204 : 403).end();
  return true;
}
