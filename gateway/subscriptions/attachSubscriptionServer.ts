import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type DocumentNode } from 'graphql';
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, handleProtocols, MessageType, parseMessage, type Message } from 'graphql-ws';
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

/**
 * One WebSocket connection, in one object: the graphql-transport-ws protocol needs little state,
 * and at 10,000 subscribers every closure and retained request object per connection counts.
 */
interface Connection {
  /** Set once `onConnect` accepted the connection: its identity and what it holds. */
  session?: SubscriptionSession;
  /** The API client the edge admitted the connection for. */
  edge?: EdgeAdmission;
  initReceived: boolean;
  acknowledged: boolean;
  closing: boolean;
  /** Answered the last keep-alive ping. */
  alive: boolean;
  /** Frames of this tick are being gathered into one write (see `send`). */
  corked: boolean;
  /** Closes the connection unless it sent connection_init in time. */
  initTimer?: NodeJS.Timeout;
  /** Subscriptions by the client's id: their stop, or null while being admitted. */
  readonly subscriptions: Map<string, (() => void) | null>;
  /** The upgrade request, for `onConnect`: not kept past connection_init. */
  request?: IncomingMessage;
}

const connections = new WeakMap<WebSocket, Connection>();
const OPEN = 1;

/**
 * Serves the supergraph's subscriptions over graphql-ws (the graphql-transport-ws protocol) on
 * the gateway's own HTTP server; queries and mutations stay on HTTP. Documents are validated
 * against the API schema; events come from `bus` and are resolved once per distinct selection
 * by the {@link SubscriptionHub}. The protocol is served here rather than by graphql-ws's
 * server, whose per-subscription async iteration kept each subscriber's message, arguments and
 * a chain of closures alive: results are pushed to the socket as the hub's pre-serialized JSON.
 * The close codes are graphql-ws's (4400, 4401, 4406, 4408, 4409, 4429) and ours above.
 */
export async function attachSubscriptionServer(options: SubscriptionServerOptions): Promise<SubscriptionServer> {
  const limits = options.limits ?? DEFAULT_SUBSCRIPTION_LIMITS;
  const logger = options.logger.child({ component: 'subscriptions' });
  const closeGraceMs = options.closeGraceMs ?? 5000;
  const keepAliveMs = options.keepAliveMs ?? 12_000;
  const connectionInitWaitMs = 3000;
  const production = options.production ?? false;
  const hub = await createSubscriptionHub({
    bus: options.bus, schema: options.schema, execute: options.execute, formatError: options.formatError, logger, maxGroupsPerProduct: limits.maxSelectionsPerProduct,
    cacheSettled: options.cacheSettled,
  });
  const engine = createSubscriptionEngine({
    hub, schema: options.schema, limits, authorize: options.authorize, operationLimits: options.operationLimits, maxTokens: options.maxTokens, execute: options.execute,
  });
  const wss = new WebSocketServer({
    server: options.httpServer, path: options.path ?? '/graphql', maxPayload: options.maxMessageBytes ?? 1024 * 1024, handleProtocols,
  });

  let slowConsumersClosed = 0;
  const closeSlow = (socket: WebSocket, connection: Connection) => {
    if (connection.closing) return;
    connection.closing = true;
    slowConsumersClosed++;
    logger.warn({ bufferedAmount: socket.bufferedAmount }, 'closing slow subscription consumer');
    socket.close(SubscriptionCloseCode.SlowConsumer, ErrorCode.SLOW_CONSUMER);
    // The close frame waits behind the unsent data; a client that never reads it is cut off.
    setTimeout(() => socket.terminate(), closeGraceMs).unref();
  };

  /**
   * Sends one frame. The frames a connection with several subscriptions gets in one tick (an
   * event reaching several of them) leave in one write: the socket is corked until the tick
   * ends. Any other connection's frame is written at once: corking every socket held each
   * event's first frames back until the hub had handed it to the last subscriber.
   */
  const send = (socket: WebSocket, connection: Connection, frame: string) => {
    const stream = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (stream && !connection.corked && connection.subscriptions.size > 1) {
      connection.corked = true;
      stream.cork();
      process.nextTick(() => {
        connection.corked = false;
        stream.uncork();
      });
    }
    socket.send(frame);
  };

  const internalError = (socket: WebSocket, error: unknown) => {
    logger.error({ err: error }, 'subscription connection failed');
    socket.close(CloseCode.InternalServerError, production ? 'Internal server error' : String((error as Error)?.message ?? error).slice(0, 120));
  };

  const accept = async (socket: WebSocket, connection: Connection, request: IncomingMessage, connectionParams: Record<string, unknown>): Promise<boolean> => {
    if (!options.onConnect) {
      connection.session = engine.session();
      return true;
    }
    try {
      const connected = await options.onConnect({ connectionParams, request });
      connection.session = engine.session(identityOf(isConnected(connected) ? connected.identity : connected));
      if (isConnected(connected)) connection.edge = connected.edge;
      return true;
    } catch (error) {
      if (!(error instanceof GraphQLError)) logger.error({ err: error }, 'onConnect failed');
      const code = error instanceof GraphQLError && typeof error.extensions.code === 'string' ? error.extensions.code : ErrorCode.UNAUTHENTICATED;
      const closeCode = code === ErrorCode.FORBIDDEN ? SubscriptionCloseCode.Forbidden
        : code === ErrorCode.RATE_LIMITED ? SubscriptionCloseCode.RateLimited : SubscriptionCloseCode.Unauthenticated;
      socket.close(closeCode, code);
      return false;
    }
  };

  const subscribe = async (socket: WebSocket, connection: Connection, id: string, payload: SubscribePayload) => {
    if (!connection.acknowledged) return socket.close(CloseCode.Unauthorized, 'Unauthorized');
    if (connection.subscriptions.has(id)) return socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
    connection.subscriptions.set(id, null);
    const { edge } = connection;
    const admitted = await engine.admit(connection.session!, payload, edge && options.charge ? (cost) => options.charge!(edge, cost) : undefined);
    // The client may have completed the subscription, or left, while it was being admitted.
    if (!connection.subscriptions.has(id) || socket.readyState !== OPEN) {
      if (!Array.isArray(admitted)) (admitted as AdmittedSubscription).start(() => {})();
      return;
    }
    if (Array.isArray(admitted)) {
      connection.subscriptions.delete(id);
      return send(socket, connection, JSON.stringify({ id, type: MessageType.Error, payload: (admitted as GraphQLError[]).map((e) => e.toJSON()) }));
    }
    const prefix = `{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`;
    connection.subscriptions.set(id, (admitted as AdmittedSubscription).start((json) => {
      if (connection.closing || socket.readyState !== OPEN) return;
      if (socket.bufferedAmount + json.length > limits.maxBufferedBytes) return closeSlow(socket, connection);
      send(socket, connection, `${prefix}${json}}`);
    }));
  };

  const onMessage = async (socket: WebSocket, connection: Connection, data: string) => {
    let message: Message;
    try {
      message = parseMessage(data);
    } catch {
      return socket.close(CloseCode.BadRequest, 'Invalid message received');
    }
    switch (message.type) {
      case MessageType.ConnectionInit: {
        if (connection.initReceived) return socket.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
        connection.initReceived = true;
        clearTimeout(connection.initTimer);
        connection.initTimer = undefined;
        const params = typeof message.payload === 'object' && message.payload !== null ? message.payload : {};
        const { request } = connection;
        connection.request = undefined;
        if (!(await accept(socket, connection, request!, params))) return;
        connection.acknowledged = true;
        return send(socket, connection, `{"type":"${MessageType.ConnectionAck}"}`);
      }
      case MessageType.Ping:
        return send(socket, connection, JSON.stringify(message.payload ? { type: MessageType.Pong, payload: message.payload } : { type: MessageType.Pong }));
      case MessageType.Pong:
        return;
      case MessageType.Subscribe:
        return subscribe(socket, connection, message.id, message.payload as SubscribePayload);
      case MessageType.Complete: {
        const stop = connection.subscriptions.get(message.id);
        connection.subscriptions.delete(message.id);
        stop?.();
        return;
      }
      default:
        return socket.close(CloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
    }
  };

  // Listeners shared by every connection (`this` is the socket): none is made per connection.
  function onSocketMessage(this: WebSocket, data: unknown) {
    const connection = connections.get(this);
    if (connection) onMessage(this, connection, String(data)).catch((error: unknown) => internalError(this, error));
  }
  function onSocketClose(this: WebSocket) {
    const connection = connections.get(this);
    if (!connection) return;
    clearTimeout(connection.initTimer);
    for (const stop of connection.subscriptions.values()) stop?.();
    connection.subscriptions.clear();
  }
  function onSocketError(this: WebSocket, error: Error) {
    internalError(this, error);
  }

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const connection: Connection = { initReceived: false, acknowledged: false, closing: false, alive: true, corked: false, subscriptions: new Map(), request };
    connections.set(socket, connection);
    socket.once('error', onSocketError);
    socket.once('close', onSocketClose);
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) return socket.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
    socket.on('pong', markAlive);
    socket.on('message', onSocketMessage);
    connection.initTimer = setTimeout(() => {
      if (!connection.initReceived) socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    }, connectionInitWaitMs);
  });

  // One keep-alive timer for every connection: a connection that did not answer the previous ping is dropped.
  const keepAlive = keepAliveMs > 0 && Number.isFinite(keepAliveMs)
    ? setInterval(() => {
        for (const socket of wss.clients) {
          const connection = connections.get(socket);
          if (!connection) continue;
          if (!connection.alive) {
            socket.terminate();
            continue;
          }
          connection.alive = false;
          socket.ping();
        }
      }, keepAliveMs)
    : undefined;
  keepAlive?.unref();

  return {
    hub,
    engine,
    stats: () => ({ connections: wss.clients.size, slowConsumersClosed }),
    async close() {
      clearInterval(keepAlive);
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await hub.close();
    },
  };
}

function markAlive(this: WebSocket): void {
  const connection = connections.get(this);
  if (connection) connection.alive = true;
}
