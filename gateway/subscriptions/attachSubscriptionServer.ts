import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';
import { MessageType, type Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthorizationResult, Identity } from '../../lib/auth/index.js';
import { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from '../../lib/config/index.js';
import { ErrorCode } from '../../lib/errors/index.js';
import type { OperationLimits } from '../../lib/limits/index.js';
import type { EdgeAdmission } from '../edge/index.js';
import type { SubscribePayload } from './prepareSubscription.js';
import { createSubscriptionEngine, identityOf, type AdmittedSubscription, type SubscriptionEngine, type SubscriptionSession } from './subscriptionEngine.js';
import { createSubscriptionHub, type SubscriptionHub, type SubscriptionHubOptions } from './subscriptionHub.js';

/** WebSocket close codes this server uses beyond graphql-ws's own (4400, 4403, 4408, …). */
export const SubscriptionCloseCode = {
  /** connection_init was refused by `onConnect` as unauthenticated; reason `UNAUTHENTICATED`. */
  Unauthenticated: 4401,
  /** connection_init was refused by `onConnect` as forbidden; reason `FORBIDDEN`. */
  Forbidden: 4403,
  /** The connection had more than `maxBufferedBytes` waiting to be sent; reason `SLOW_CONSUMER`. */
  SlowConsumer: 4413,
  /** connection_init was refused because the API client is over its rate; reason `RATE_LIMITED`. */
  RateLimited: 4429,
} as const;

/** What `onConnect` sees of a new connection. */
export interface ConnectionContext {
  /** The `connection_init` payload (e.g. `{ token }`); `{}` when none was sent. */
  readonly connectionParams: Readonly<Record<string, unknown>>;
  /** The HTTP upgrade request (headers, remote address). */
  readonly request: IncomingMessage;
}

/** Who a connection is: the caller, and the API client the edge admitted it for. */
export interface Connected {
  readonly identity: Identity;
  readonly edge?: EdgeAdmission;
}

/**
 * Decides whether a connection may subscribe: returns the caller's identity (or a
 * {@link Connected}, kept for the connection's lifetime), or throws a GraphQLError to close
 * it: FORBIDDEN with 4403, RATE_LIMITED with 4429, any other code (UNAUTHENTICATED,
 * INVALID_API_KEY, …) with 4401; the close reason is the code.
 */
export type OnConnect = (context: ConnectionContext) => unknown | Promise<unknown>;

const isConnected = (value: unknown): value is Connected =>
  typeof value === 'object' && value !== null && 'identity' in value && typeof (value as Connected).identity === 'object';

/**
 * Options for {@link attachSubscriptionServer}; the hub's (`bus`: any EventBus adapter,
 * in-process for the embedded stack or Redis so replicas share the feed) are passed on to it.
 */
export interface SubscriptionServerOptions extends Omit<SubscriptionHubOptions, 'dedupeWindow' | 'maxGroupsPerProduct'> {
  /** The gateway's HTTP server; the WebSocket server shares its port. */
  readonly httpServer: Server;
  /** @default '/graphql' */
  readonly path?: string;
  /** @default DEFAULT_SUBSCRIPTION_LIMITS */
  readonly limits?: SubscriptionLimits;
  /** Largest incoming WebSocket message, in bytes. @default 1 MiB */
  readonly maxMessageBytes?: number;
  /** Accepts every connection when absent. */
  readonly onConnect?: OnConnect;
  /** Milliseconds between server pings; a client that misses a pong is dropped. @default 12000 */
  readonly keepAliveMs?: number;
  /** Milliseconds a slow consumer gets to take its close frame before the socket is destroyed. @default 5000 */
  readonly closeGraceMs?: number;
  /** Masks internal close reasons. @default false */
  readonly production?: boolean;
  /**
   * The gateway's authorization (`@authenticated`, `@requiresScopes`) for the connection's
   * identity: a subscription selecting any field the caller may not see is refused with that
   * field's UNAUTHENTICATED or FORBIDDEN error. Every subscription is accepted when absent.
   */
  readonly authorize?: (document: DocumentNode, operationName: string | undefined, identity: Identity) => AuthorizationResult;
  /** Depth, alias, directive and cost limits, as for HTTP operations. Unchecked when absent. */
  readonly operationLimits?: OperationLimits;
  /** `MAX_QUERY_TOKENS`, as for HTTP operations. Unlimited when absent. */
  readonly maxTokens?: number;
  /** Counts each subscription against the connection's API client (the edge): a request and its cost. */
  readonly charge?: (client: EdgeAdmission, cost: number) => Promise<void>;
}

/** A running subscription endpoint. */
export interface SubscriptionServer {
  readonly hub: SubscriptionHub;
  /** The checks every transport shares (the HTTP streams use it too). */
  readonly engine: SubscriptionEngine;
  stats(): SubscriptionServerStats;
  /** Closes every connection (1001) and leaves the bus. */
  close(): Promise<void>;
}

/** Counters for tests, benchmarks and metrics. */
export interface SubscriptionServerStats {
  /** Open WebSocket connections. */
  readonly connections: number;
  /** Connections closed with 4413 SLOW_CONSUMER since start. */
  readonly slowConsumersClosed: number;
}

interface ConnectionState {
  /** Set once `onConnect` accepted the connection: its identity and what it holds. */
  session?: SubscriptionSession;
  /** The API client the edge admitted the connection for. */
  edge?: EdgeAdmission;
  closing: boolean;
}

type Extra = { readonly socket: WebSocket; readonly request: IncomingMessage; state?: ConnectionState };

interface SubscribeContext {
  /** The graphql-ws subscription id chosen by the client. */
  readonly id: string;
  readonly admitted: AdmittedSubscription;
  readonly socket: WebSocket;
  readonly state: ConnectionState;
}

/**
 * Serves the supergraph's subscriptions over graphql-ws on the gateway's own HTTP server;
 * queries and mutations stay on HTTP. Documents are validated against the API schema; events
 * come from `bus` and are resolved once per distinct selection by the {@link SubscriptionHub}.
 */
export async function attachSubscriptionServer(options: SubscriptionServerOptions): Promise<SubscriptionServer> {
  const limits = options.limits ?? DEFAULT_SUBSCRIPTION_LIMITS;
  const logger = options.logger.child({ component: 'subscriptions' });
  const closeGraceMs = options.closeGraceMs ?? 5000;
  const hub = await createSubscriptionHub({
    bus: options.bus, schema: options.schema, execute: options.execute, formatError: options.formatError, logger, maxGroupsPerProduct: limits.maxSelectionsPerProduct,
  });
  const engine = createSubscriptionEngine({
    hub, schema: options.schema, limits, authorize: options.authorize, operationLimits: options.operationLimits, maxTokens: options.maxTokens, execute: options.execute,
  });
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path ?? '/graphql', maxPayload: options.maxMessageBytes ?? 1024 * 1024 });

  let slowConsumersClosed = 0;
  const closeSlow = (socket: WebSocket, state: ConnectionState) => {
    if (state.closing) return;
    state.closing = true;
    slowConsumersClosed++;
    logger.warn({ bufferedAmount: socket.bufferedAmount }, 'closing slow subscription consumer');
    socket.close(SubscriptionCloseCode.SlowConsumer, ErrorCode.SLOW_CONSUMER);
    // The close frame waits behind the unsent data; a client that never reads it is cut off.
    setTimeout(() => socket.terminate(), closeGraceMs).unref();
  };

  const server = useServer<Record<string, unknown>, Extra>(
    {
      isProd: options.production ?? false,
      onConnect: async (ctx: Context<Record<string, unknown>, Extra>) => {
        const state: ConnectionState = { closing: false };
        ctx.extra.state = state;
        if (!options.onConnect) {
          state.session = engine.session();
          return true;
        }
        try {
          const connected = await options.onConnect({ connectionParams: ctx.connectionParams ?? {}, request: ctx.extra.request });
          state.session = engine.session(identityOf(isConnected(connected) ? connected.identity : connected));
          if (isConnected(connected)) state.edge = connected.edge;
          return true;
        } catch (error) {
          if (!(error instanceof GraphQLError)) logger.error({ err: error }, 'onConnect failed');
          const code = error instanceof GraphQLError && typeof error.extensions.code === 'string' ? error.extensions.code : ErrorCode.UNAUTHENTICATED;
          const closeCode = code === ErrorCode.FORBIDDEN ? SubscriptionCloseCode.Forbidden
            : code === ErrorCode.RATE_LIMITED ? SubscriptionCloseCode.RateLimited : SubscriptionCloseCode.Unauthenticated;
          ctx.extra.socket.close(closeCode, code);
          return false;
        }
      },
      onSubscribe: async (ctx: Context<Record<string, unknown>, Extra>, id, payload) => {
        const state = ctx.extra.state!;
        const { edge } = state;
        const admitted = await engine.admit(state.session!, payload as SubscribePayload, edge && options.charge ? (cost) => options.charge!(edge, cost) : undefined);
        if (Array.isArray(admitted)) return admitted as GraphQLError[];
        const { prepared } = admitted as AdmittedSubscription;
        const contextValue: SubscribeContext = { id, admitted: admitted as AdmittedSubscription, socket: ctx.extra.socket, state };
        return { schema: options.schema(), document: prepared.document, operationName: prepared.operationName, variableValues: prepared.variables, contextValue };
      },
      subscribe: (args) => {
        return subscriptionStream(args.contextValue as SubscribeContext, limits.maxBufferedBytes, closeSlow);
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  return {
    hub,
    engine,
    stats: () => ({ connections: wss.clients.size, slowConsumersClosed }),
    async close() {
      for (const client of wss.clients) client.terminate();
      await server.dispose();
      await hub.close();
    },
  };
}

/**
 * One subscription for graphql-ws: an async generator that never yields, because results are
 * written straight to the socket as graphql-ws `next` messages, from the JSON the hub
 * serialized once per group (graphql-ws would stringify the payload again for every
 * subscriber). graphql-ws still owns the protocol: it calls `return()` on `complete` or
 * disconnect. When the socket's unsent bytes would exceed `maxBufferedBytes`, the connection
 * is closed instead of buffering more.
 */
function subscriptionStream(
  { id, admitted, socket, state }: SubscribeContext,
  maxBufferedBytes: number,
  closeSlow: (socket: WebSocket, state: ConnectionState) => void,
): AsyncGenerator<ExecutionResult> {
  let done = false;
  let end: ((value: IteratorResult<ExecutionResult>) => void) | undefined;
  const prefix = `{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`;

  const stop = admitted.start((json) => {
    if (done || state.closing || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount + json.length > maxBufferedBytes) return closeSlow(socket, state);
    socket.send(`${prefix}${json}}`);
  });

  const finish = async (): Promise<IteratorResult<ExecutionResult>> => {
    if (!done) {
      done = true;
      stop();
      end?.({ value: undefined, done: true });
    }
    return { value: undefined, done: true };
  };

  const generator: AsyncGenerator<ExecutionResult> = {
    next: () => (done ? Promise.resolve({ value: undefined, done: true }) : new Promise((resolve) => (end = resolve))),
    return: finish,
    throw: async (error) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return generator;
    },
  };
  return generator;
}
