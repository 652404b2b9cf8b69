import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';
import { MessageType, type Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { ANONYMOUS, type AuthorizationResult, type Identity } from '../../lib/auth/index.js';
import { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from '../../lib/config/index.js';
import { ErrorCode, userError } from '../../lib/errors/index.js';
import type { OperationLimits } from '../../lib/limits/index.js';
import { prepareSubscription, type PreparedSubscription, type SubscribePayload } from './prepareSubscription.js';
import { createSubscriptionHub, type FederatedExecutor, type SubscriptionHub, type SubscriptionHubOptions } from './subscriptionHub.js';
import { orderNotFound, SUBSCRIPTION_FIELDS } from './subscriptionFields.js';

/** WebSocket close codes this server uses beyond graphql-ws's own (4400, 4403, 4408, …). */
export const SubscriptionCloseCode = {
  /** connection_init was refused by `onConnect` as unauthenticated; reason `UNAUTHENTICATED`. */
  Unauthenticated: 4401,
  /** connection_init was refused by `onConnect` as forbidden; reason `FORBIDDEN`. */
  Forbidden: 4403,
  /** The connection had more than `maxBufferedBytes` waiting to be sent; reason `SLOW_CONSUMER`. */
  SlowConsumer: 4413,
} as const;

/** What `onConnect` sees of a new connection. */
export interface ConnectionContext {
  /** The `connection_init` payload (e.g. `{ token }`); `{}` when none was sent. */
  readonly connectionParams: Readonly<Record<string, unknown>>;
  /** The HTTP upgrade request (headers, remote address). */
  readonly request: IncomingMessage;
}

/**
 * Decides whether a connection may subscribe: returns the caller's identity (kept for the
 * connection's lifetime), or throws a GraphQLError with code UNAUTHENTICATED or FORBIDDEN
 * to close it with 4401 or 4403.
 */
export type OnConnect = (context: ConnectionContext) => unknown | Promise<unknown>;

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
}

/** A running subscription endpoint. */
export interface SubscriptionServer {
  readonly hub: SubscriptionHub;
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
  identity?: unknown;
  closing: boolean;
  /** Distinct selections (group keys) the connection holds: how many subscriptions use each, and its cost. */
  readonly selections: Map<string, { count: number; readonly cost: number }>;
}

type Extra = { readonly socket: WebSocket; readonly request: IncomingMessage; state?: ConnectionState };

interface SubscribeContext {
  /** The graphql-ws subscription id chosen by the client. */
  readonly id: string;
  readonly prepared: PreparedSubscription;
  readonly socket: WebSocket;
  readonly state: ConnectionState;
  readonly identity: Identity;
  /** Gives the connection's selection budget back. */
  readonly release: () => void;
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
        const state: ConnectionState = { closing: false, selections: new Map() };
        ctx.extra.state = state;
        if (!options.onConnect) return true;
        try {
          state.identity = await options.onConnect({ connectionParams: ctx.connectionParams ?? {}, request: ctx.extra.request });
          return true;
        } catch (error) {
          const forbidden = error instanceof GraphQLError && error.extensions.code === ErrorCode.FORBIDDEN;
          if (!(error instanceof GraphQLError)) logger.error({ err: error }, 'onConnect failed');
          ctx.extra.socket.close(
            forbidden ? SubscriptionCloseCode.Forbidden : SubscriptionCloseCode.Unauthenticated,
            forbidden ? ErrorCode.FORBIDDEN : ErrorCode.UNAUTHENTICATED,
          );
          return false;
        }
      },
      onSubscribe: async (ctx: Context<Record<string, unknown>, Extra>, id, payload) => {
        // The new subscription is already counted in ctx.subscriptions.
        if (Object.keys(ctx.subscriptions).length > limits.maxPerConnection) {
          return [userError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `A connection may hold at most ${limits.maxPerConnection} subscriptions`, { max: limits.maxPerConnection })];
        }
        const schema = options.schema();
        const state = ctx.extra.state!;
        const prepared = prepareSubscription(schema, payload as SubscribePayload, limits, { operation: options.operationLimits, maxTokens: options.maxTokens });
        if (Array.isArray(prepared)) return prepared as GraphQLError[];
        const ready = prepared as PreparedSubscription;
        const identity = identityOf(state.identity);
        const authorization = options.authorize?.(ready.document, ready.operationName, identity);
        if (authorization && authorization.errors.length > 0) return [...authorization.errors];
        const refusal = selectionBudgetRefusal(state, ready, limits) ?? hub.admits(ready, identity) ?? await unreadableOrder(options.execute, ready, identity);
        if (refusal) return [refusal];
        const release = reserveSelection(state, ready);
        const contextValue: SubscribeContext = { id, prepared: ready, socket: ctx.extra.socket, state, identity, release };
        return { schema, document: ready.document, operationName: ready.operationName, variableValues: ready.variables, contextValue };
      },
      subscribe: (args) => {
        return subscriptionStream(hub, args.contextValue as SubscribeContext, limits.maxBufferedBytes, closeSlow);
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  return {
    hub,
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
  hub: SubscriptionHub,
  { id, prepared, socket, state, identity, release }: SubscribeContext,
  maxBufferedBytes: number,
  closeSlow: (socket: WebSocket, state: ConnectionState) => void,
): AsyncGenerator<ExecutionResult> {
  let done = false;
  let end: ((value: IteratorResult<ExecutionResult>) => void) | undefined;
  const prefix = `{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`;

  const remove = hub.add(prepared, {
    deliver(_result, json) {
      if (done || state.closing || socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount + json.length > maxBufferedBytes) return closeSlow(socket, state);
      socket.send(`${prefix}${json}}`);
    },
  }, identity);

  const finish = async (): Promise<IteratorResult<ExecutionResult>> => {
    if (!done) {
      done = true;
      remove();
      release();
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

/** The identity `onConnect` kept for the connection; anything else (or nothing) is anonymous. */
function identityOf(value: unknown): Identity {
  const candidate = value as Partial<Identity> | undefined;
  return candidate && typeof candidate === 'object' && Array.isArray(candidate.scopes) && Array.isArray(candidate.roles) ? (candidate as Identity) : ANONYMOUS;
}

/**
 * Each distinct selection a connection holds costs one federated fetch per event: a new one
 * is refused past `maxSelectionsPerConnection`, or when the costs of the connection's distinct
 * selections would exceed `maxCostPerConnection` (QUERY_LIMIT_EXCEEDED). Subscriptions that
 * repeat a selection the connection holds cost nothing more.
 */
function selectionBudgetRefusal(state: ConnectionState, prepared: PreparedSubscription, limits: SubscriptionLimits): GraphQLError | undefined {
  if (state.selections.has(prepared.groupKey)) return undefined;
  if (state.selections.size >= limits.maxSelectionsPerConnection) {
    return userError(ErrorCode.QUERY_LIMIT_EXCEEDED, `A connection may hold at most ${limits.maxSelectionsPerConnection} distinct subscription selections`, {
      limit: 'subscriptionSelections', max: limits.maxSelectionsPerConnection,
    });
  }
  let cost = prepared.cost;
  for (const selection of state.selections.values()) cost += selection.cost;
  if (cost > limits.maxCostPerConnection) {
    return userError(ErrorCode.QUERY_LIMIT_EXCEEDED, `The distinct selections of this connection would cost ${cost}; at most ${limits.maxCostPerConnection} is allowed`, {
      limit: 'subscriptionCost', max: limits.maxCostPerConnection, actual: cost,
    });
  }
  return undefined;
}

/** Counts `prepared` against its connection's selections; returns the release (idempotent). */
function reserveSelection(state: ConnectionState, prepared: PreparedSubscription): () => void {
  const held = state.selections.get(prepared.groupKey);
  if (held) held.count++;
  else state.selections.set(prepared.groupKey, { count: 1, cost: prepared.cost });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const selection = state.selections.get(prepared.groupKey);
    if (selection && --selection.count === 0) state.selections.delete(prepared.groupKey);
  };
}

/** For a field that follows an order: ORDER_NOT_FOUND unless the subscriber can read it, asked of the orders subgraph through the plan. */
async function unreadableOrder(execute: FederatedExecutor, prepared: PreparedSubscription, identity: Identity): Promise<GraphQLError | undefined> {
  const field = SUBSCRIPTION_FIELDS[prepared.field];
  if (!('readableAtSubscribe' in field)) return undefined;
  const [orderId] = prepared.subjects as [string];
  const result = await execute('query SubscriptionOrderAccess($id: ID!) { order(id: $id) { id } }', { id: orderId }, identity);
  return (result.data?.order as { id?: string } | null | undefined)?.id ? undefined : orderNotFound(orderId);
}
