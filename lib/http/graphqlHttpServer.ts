import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestContext, type Logger } from '../logging/index.js';
import { ErrorCode } from '../errors/index.js';
import { applyCors } from './cors.js';
import { listen } from './listen.js';

/** A plain route beside GraphQL (`/healthz`, `/metrics`). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Options for {@link startGraphQLHttpServer}. */
export interface GraphQLHttpServerOptions<Ctx extends BaseContext> {
  readonly apollo: ApolloServer<Ctx>;
  /** Builds the per-request context (fresh DataLoaders, caller identity); `body` is the parsed JSON body. */
  readonly context: (req: IncomingMessage, body: unknown) => Promise<Ctx>;
  readonly logger: Logger;
  readonly port: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Larger bodies are refused with 413 PAYLOAD_TOO_LARGE before they are parsed. @default 1 MiB */
  readonly maxBodyBytes?: number;
  /** Most operations in one batched (JSON array) request; more get 400 QUERY_LIMIT_EXCEEDED. @default 1 (batching off) */
  readonly maxBatchOperations?: number;
  /** Origins browsers may call GraphQL from (`*`: any); none: same-origin only. @default [] */
  readonly corsOrigins?: readonly string[];
  /** Extra routes by exact path; every other path serves GraphQL. */
  readonly routes?: Readonly<Record<string, RouteHandler>>;
  /**
   * Sees each GraphQL request once its body is read, before anything else runs it, and returns
   * the body to run (the gateway's edge: the client's key and rate, trusted documents in place
   * of their ids). A GraphQLError it throws is the answer, with its `extensions.http` status and headers.
   */
  readonly prepare?: (req: IncomingMessage, body: unknown) => Promise<unknown>;
  /**
   * Sees each GraphQL request once its body is read and checked, before Apollo Server; resolving
   * true means it answered (the gateway's subscriptions over SSE and multipart HTTP).
   */
  readonly intercept?: (req: IncomingMessage, res: ServerResponse, body: unknown) => boolean | Promise<boolean>;
}

/** A listening server; `close()` stops it and the Apollo Server it serves. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly httpServer: Server;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: ErrorCode, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/**
 * Serves an Apollo Server over node:http with no framework in between: the body is read
 * with a size limit, JSON is parsed here so a malformed body gets a GraphQL-shaped 400,
 * and everything else is Apollo's `executeHTTPGraphQLRequest`.
 */
export async function startGraphQLHttpServer<Ctx extends BaseContext>(
  options: GraphQLHttpServerOptions<Ctx>,
): Promise<RunningServer> {
  const { apollo, logger, routes = {} } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxBatchOperations = options.maxBatchOperations ?? 1;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes[url.pathname];
    if (route) return route(req, res);
    if (options.corsOrigins?.length && applyCors(req, res, options.corsOrigins)) return;

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const sent = req.method === 'POST' ? parseBody(await readBody(req, maxBodyBytes), headers.get('content-type')) : undefined;
    if (Array.isArray(sent) && sent.length > maxBatchOperations) {
      throw new HttpError(400, ErrorCode.QUERY_LIMIT_EXCEEDED, `Batch limit of ${maxBatchOperations} operations exceeded, found ${sent.length}.`,
        { limit: 'batch', max: maxBatchOperations, actual: sent.length });
    }
    const body = options.prepare ? await options.prepare(req, sent) : sent;
    checkPersistedQueryHashes(body, url.searchParams);
    if (options.intercept && (await options.intercept(req, res, body))) return;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(req, body),
    });
    res.statusCode = response.status ?? 200;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    if (response.body.kind === 'complete') {
      // The string itself: made into a Buffer here, a 110 KiB answer cost 1.5-2.0 ms of CPU instead of 0.9-1.2.
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const httpServer = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    runWithRequestContext({ requestId }, () => handle(req, res)).catch((error: unknown) => {
      if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message, { ...error.details, requestId });
      if (error instanceof GraphQLError && error.extensions.http) return sendGraphQLError(res, error, requestId);
      runWithRequestContext({ requestId }, () => logger.error({ err: error }, 'request failed'));
      sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', { requestId });
    });
  });
  // Keep-alive longer than common client pools' idle timeouts so connections are reused.
  httpServer.keepAliveTimeout = 65_000;

  const listening = await listen(httpServer, options.port, options.host);
  return {
    url: `${listening.origin}/graphql`,
    port: listening.port,
    httpServer,
    // The server owns the Apollo instance it serves: closing stops both, in that order.
    close: async () => {
      await listening.close();
      await apollo.stop();
    },
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(declared, limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge(size, limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const tooLarge = (size: number, limit: number) =>
  new HttpError(413, ErrorCode.PAYLOAD_TOO_LARGE, `Request body of ${size} bytes exceeds the limit of ${limit} bytes`);

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!contentType?.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, ErrorCode.BAD_REQUEST, `Malformed JSON body: ${(error as Error).message}`);
  }
}

/**
 * Automatic persisted queries: a request that sends both a query and a `sha256Hash` that is
 * not the query's is a client error (400 PERSISTED_QUERY_HASH_MISMATCH), checked here for
 * POST bodies (single and batched) and GET parameters; Apollo Server would answer it with an
 * uncoded error, masked and logged as an internal one.
 */
function checkPersistedQueryHashes(body: unknown, search: URLSearchParams): void {
  const operations = Array.isArray(body) ? body : body !== undefined ? [body] : [{ query: search.get('query') ?? undefined, extensions: parseJsonParam(search.get('extensions')) }];
  for (const operation of operations) {
    if (operation === null || typeof operation !== 'object') continue;
    const { query, extensions } = operation as { query?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } };
    const hash = extensions?.persistedQuery?.sha256Hash;
    if (typeof query !== 'string' || hash === undefined) continue;
    if (typeof hash !== 'string' || createHash('sha256').update(query).digest('hex') !== hash.toLowerCase()) {
      throw new HttpError(400, ErrorCode.PERSISTED_QUERY_HASH_MISMATCH, 'The persisted query hash (extensions.persistedQuery.sha256Hash) is not the SHA-256 of the query');
    }
  }
}

function parseJsonParam(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined; // Apollo Server answers malformed parameters itself
  }
}

/** A refusal by `prepare`: its status and headers from `extensions.http`, the rest of its extensions as the error's. */
function sendGraphQLError(res: ServerResponse, error: GraphQLError, requestId: string): void {
  const { http, ...extensions } = error.extensions as { http: { status?: number; headers?: Map<string, string> } };
  if (res.headersSent) return void res.end();
  for (const [name, value] of http.headers ?? []) res.setHeader(name, value);
  res.writeHead(http.status ?? 400, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message: error.message, extensions: { ...extensions, requestId } }] }));
}

function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string, details: Record<string, unknown>): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json', connection: status === 413 ? 'close' : 'keep-alive' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { ...details, code } }] }));
}
