import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, GraphQLError, parse, type GraphQLFormattedError } from 'graphql';
import type { Identity } from '../../lib/auth/index.js';
import { ErrorCode, userError } from '../../lib/errors/index.js';
import type { Logger } from '../../lib/logging/index.js';
import type { SubscribePayload } from './prepareSubscription.js';
import type { AdmittedSubscription, SubscriptionEngine, SubscriptionSession } from './subscriptionEngine.js';

/** Options for {@link createHttpSubscriptionStreams}. */
export interface HttpStreamOptions {
  readonly engine: () => SubscriptionEngine | undefined;
  /** The caller of a request, as for queries (`Authorization: Bearer …`); throws UNAUTHENTICATED for a bad token. */
  readonly authenticate: (req: IncomingMessage) => Promise<Identity>;
  /** Counts the request's subscription against its API client (the edge counted the request itself already): its cost. */
  readonly charge?: (req: IncomingMessage, cost: number) => Promise<void>;
  readonly formatError: (error: GraphQLError) => GraphQLFormattedError;
  readonly logger: Logger;
  /** A stream with more unsent bytes is ended (the slow consumer rule of graphql-ws). @default 1 MiB */
  readonly maxBufferedBytes?: number;
  /** Multipart heartbeat (`{}`) and SSE comment interval. @default 5000 */
  readonly heartbeatMs?: number;
  /** `MAX_QUERY_TOKENS`, before the operation's kind is known. */
  readonly maxTokens?: number;
}

type Transport = 'sse' | 'multipart';

/** Which HTTP subscription transport a request asks for by its Accept header, if any. */
export function streamTransportOf(accept: string | undefined): Transport | undefined {
  if (!accept) return undefined;
  if (/text\/event-stream/i.test(accept)) return 'sse';
  if (/multipart\/mixed/i.test(accept) && /subscriptionSpec/i.test(accept)) return 'multipart';
  return undefined;
}

/** How each transport frames the start, a result, a heartbeat and the end (the hub's JSON is written as is). */
const FRAMES: Record<Transport, { contentType: string; start: string; result(json: string): string; fatal(errors: string): string; heartbeat: string; end: string }> = {
  // GraphQL over SSE, distinct connections mode (the graphql-sse protocol).
  sse: {
    contentType: 'text/event-stream; charset=utf-8',
    start: '',
    result: (json) => `event: next\ndata: ${json}\n\n`,
    fatal: (errors) => `event: next\ndata: {"errors":${errors}}\n\n`,
    heartbeat: ':\n\n',
    end: 'event: complete\ndata: \n\n',
  },
  // Apollo's multipart subscription protocol (what Apollo Client and Apollo's Router speak).
  // Each part is followed by the next boundary at once: readers (Apollo Client's too) take a
  // part as complete when the boundary after it arrives, so it must not wait for the next event.
  multipart: {
    contentType: 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"',
    start: '\r\n--graphql\r\n',
    result: (json) => `content-type: application/json; charset=utf-8\r\n\r\n{"payload":${json}}\r\n--graphql\r\n`,
    // A transport-level error once the stream runs (a slow consumer): null payload, top-level errors (Apollo Client's protocol errors).
    fatal: (errors) => `content-type: application/json; charset=utf-8\r\n\r\n{"payload":null,"errors":${errors}}\r\n--graphql\r\n`,
    heartbeat: 'content-type: application/json; charset=utf-8\r\n\r\n{}\r\n--graphql\r\n',
    end: 'content-type: application/json; charset=utf-8\r\n\r\n{}\r\n--graphql--\r\n',
  },
};

/**
 * Subscriptions over HTTP streams, beside graphql-ws and on the same engine (same checks,
 * limits and codes): GraphQL over SSE (`Accept: text/event-stream`) and multipart HTTP
 * (`Accept: multipart/mixed;subscriptionSpec="1.0"`), on POST /graphql. One subscription per
 * request; it ends when the client closes the response. Admission errors (a bad token, an
 * invalid document, a field the caller may not see, a limit) are sent in the stream, as both
 * protocols expect, followed by its end. The streams of one signed-in caller share one session:
 * as many subscriptions and as much selection cost as one graphql-ws connection.
 */
export function createHttpSubscriptionStreams(options: HttpStreamOptions) {
  const maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const sessions = new Map<string, SubscriptionSession>();
  let open = 0;

  const sessionOf = (engine: SubscriptionEngine, identity: Identity): SubscriptionSession => {
    if (identity.subject === undefined) return engine.session(identity); // anonymous: one session per stream
    let session = sessions.get(identity.subject);
    if (!session) sessions.set(identity.subject, (session = engine.session(identity)));
    return session;
  };
  const forget = (session: SubscriptionSession) => {
    if (session.active === 0 && session.identity.subject !== undefined && sessions.get(session.identity.subject) === session) sessions.delete(session.identity.subject);
  };

  /** Is it a subscription? Anything else (or a document that does not parse) is the HTTP handler's. */
  const isSubscription = (payload: SubscribePayload): boolean => {
    try {
      return getOperationAST(parse(payload.query, options.maxTokens ? { maxTokens: options.maxTokens } : {}), payload.operationName ?? undefined)?.operation === 'subscription';
    } catch {
      return false;
    }
  };

  return {
    stats: () => ({ streams: open, sessions: sessions.size }),
    /** Serves `req` when it is a subscription asking for an HTTP stream; false leaves it to the HTTP handler. */
    async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<boolean> {
      const transport = streamTransportOf(req.headers.accept);
      const engine = options.engine();
      if (!transport || !engine || req.method !== 'POST' || !body || typeof body !== 'object' || Array.isArray(body)) return false;
      const { query, variables, operationName } = body as { query?: unknown; variables?: unknown; operationName?: unknown };
      if (typeof query !== 'string') return false;
      const payload: SubscribePayload = {
        query, operationName: typeof operationName === 'string' ? operationName : null,
        variables: variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : null,
      };
      const frames = FRAMES[transport];
      if (transport === 'multipart' && !isSubscription(payload)) return false;
      res.writeHead(200, { 'content-type': frames.contentType, 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write(frames.start);
      const refuse = (errors: readonly GraphQLError[]) => {
        res.end(frames.result(JSON.stringify({ errors: errors.map(options.formatError) })) + frames.end);
      };
      if (transport === 'sse' && !isSubscription(payload)) {
        refuse([userError(ErrorCode.OPERATION_NOT_SUPPORTED, 'Only subscriptions are served over SSE; send queries and mutations as plain POST /graphql')]);
        return true;
      }
      let identity: Identity;
      try {
        identity = await options.authenticate(req);
      } catch (error) {
        refuse([error instanceof GraphQLError ? error : userError(ErrorCode.UNAUTHENTICATED, 'Invalid token')]);
        return true;
      }
      const session = sessionOf(engine, identity);
      const charge = options.charge;
      const admitted = await engine.admit(session, payload, charge ? (cost) => charge(req, cost) : undefined);
      if (Array.isArray(admitted)) {
        forget(session);
        refuse(admitted as readonly GraphQLError[]);
        return true;
      }
      open++;
      let ended = false;
      const heartbeat = setInterval(() => res.write(frames.heartbeat), heartbeatMs);
      heartbeat.unref();
      const stop = (admitted as AdmittedSubscription).start((json) => {
        if (ended) return;
        // A client that stopped reading is cut off instead of buffering without bound.
        if (res.writableLength + json.length > maxBufferedBytes) {
          options.logger.warn({ transport, buffered: res.writableLength }, 'ending slow subscription stream');
          return finish(true);
        }
        res.write(frames.result(json));
      });
      function finish(slow = false) {
        if (ended) return;
        ended = true;
        open--;
        clearInterval(heartbeat);
        stop();
        forget(session);
        if (slow) res.end(frames.fatal(JSON.stringify([options.formatError(userError(ErrorCode.SLOW_CONSUMER, 'The stream fell too far behind and was ended'))])) + frames.end);
        else if (!res.writableEnded) res.end(frames.end);
      }
      res.on('close', () => finish());
      return true;
    },
  };
}

export type HttpSubscriptionStreams = ReturnType<typeof createHttpSubscriptionStreams>;
