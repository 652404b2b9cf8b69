import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ANONYMOUS, type AuthorizationResult, type Identity } from '../../lib/auth/index.js';
import type { SubscriptionLimits } from '../../lib/config/index.js';
import { ErrorCode, userError } from '../../lib/errors/index.js';
import type { OperationLimits } from '../../lib/limits/index.js';
import { prepareSubscription, type PreparedSubscription, type SubscribePayload } from './prepareSubscription.js';
import { orderNotFound, SUBSCRIPTION_FIELDS } from './subscriptionFields.js';
import type { FederatedExecutor, SubscriptionHub, SubscriptionSink } from './subscriptionHub.js';

/**
 * Who subscribes, and what they hold: a graphql-ws connection, or every HTTP stream (SSE,
 * multipart) of one signed-in caller. Its budget of distinct selections and their cost is
 * shared by all of them.
 */
export interface SubscriptionSession {
  readonly identity: Identity;
  /** Distinct selections (group keys) held: how many subscriptions use each, and its cost. */
  readonly selections: Map<string, { count: number; readonly cost: number }>;
  /** Subscriptions admitted and not stopped. */
  active: number;
}

/** A subscription that passed every check; `start` sends it the hub's results (pre-serialized JSON) until the returned stop is called. */
export interface AdmittedSubscription {
  readonly prepared: PreparedSubscription;
  start(deliver: (json: string) => void): () => void;
}

/** Options for {@link createSubscriptionEngine}. */
export interface SubscriptionEngineOptions {
  readonly hub: SubscriptionHub;
  /** The API schema in use (it follows hot reloads). */
  readonly schema: () => GraphQLSchema;
  readonly limits: SubscriptionLimits;
  /** The gateway's field rules (`@authenticated`, `@requiresScopes`) for the caller. Every subscription passes when absent. */
  readonly authorize?: (document: DocumentNode, operationName: string | undefined, identity: Identity) => AuthorizationResult;
  /** Depth, alias, directive and cost limits, as for HTTP operations. */
  readonly operationLimits?: OperationLimits;
  /** `MAX_QUERY_TOKENS`. */
  readonly maxTokens?: number;
  /** Runs the access check of order subscriptions. */
  readonly execute: FederatedExecutor;
}

/**
 * The one place a subscription is checked and admitted, whatever carries it (graphql-ws, SSE,
 * multipart HTTP): the session's subscription count, the document (parse, validation, the
 * subscription's own limits and the HTTP operation limits), the field rules for the caller,
 * the session's selection budget, the hub's capacity, and read access to a followed order.
 * Every transport answers with these same errors and codes.
 */
export function createSubscriptionEngine(options: SubscriptionEngineOptions) {
  const { hub, limits } = options;
  return {
    session: (identity: Identity = ANONYMOUS): SubscriptionSession => ({ identity, selections: new Map(), active: 0 }),

    /**
     * `charge` counts a subscription that passed every check against the API client of its
     * connection or stream (the edge); a GraphQLError it throws (RATE_LIMITED) refuses it.
     */
    async admit(session: SubscriptionSession, payload: SubscribePayload, charge?: (cost: number) => Promise<void>): Promise<readonly GraphQLError[] | AdmittedSubscription> {
      if (session.active >= limits.maxPerConnection) {
        return [userError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `A connection may hold at most ${limits.maxPerConnection} subscriptions`, { max: limits.maxPerConnection })];
      }
      const prepared = prepareSubscription(options.schema(), payload, limits, { operation: options.operationLimits, maxTokens: options.maxTokens });
      if (Array.isArray(prepared)) return prepared as GraphQLError[];
      const ready = prepared as PreparedSubscription;
      const authorization = options.authorize?.(ready.document, ready.operationName, session.identity);
      if (authorization && authorization.errors.length > 0) return [...authorization.errors];
      const refusal = selectionBudgetRefusal(session, ready, limits) ?? hub.admits(ready, session.identity) ?? await unreadableOrder(options.execute, ready, session.identity);
      if (refusal) return [refusal];
      try {
        await charge?.(ready.cost);
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
      reserveSelection(session, ready);
      session.active++;
      return new Admitted(ready, session, hub);
    },
  };
}

/**
 * An admitted subscription, and the hub's sink of its results: one object per subscriber,
 * without closures of its own (at 10,000 subscribers each one counts).
 */
class Admitted implements AdmittedSubscription, SubscriptionSink {
  private target?: (json: string) => void;
  private remove?: () => void;
  private stopped = false;

  constructor(readonly prepared: PreparedSubscription, private readonly session: SubscriptionSession, private readonly hub: SubscriptionHub) {}

  start(deliver: (json: string) => void): () => void {
    if (!this.stopped) {
      this.target = deliver;
      this.remove = this.hub.add(this.prepared, this, this.session.identity);
    }
    return () => this.stop();
  }

  deliver(_result: unknown, json: string): void {
    this.target?.(json);
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.target = undefined;
    this.remove?.();
    releaseSelection(this.session, this.prepared);
    this.session.active--;
  }
}

export type SubscriptionEngine = ReturnType<typeof createSubscriptionEngine>;

/** The identity `onConnect` kept for a connection; anything else (or nothing) is anonymous. */
export function identityOf(value: unknown): Identity {
  const candidate = value as Partial<Identity> | undefined;
  return candidate && typeof candidate === 'object' && Array.isArray(candidate.scopes) && Array.isArray(candidate.roles) ? (candidate as Identity) : ANONYMOUS;
}

/**
 * Each distinct selection a session holds costs one federated fetch per event: a new one
 * is refused past `maxSelectionsPerConnection`, or when the costs of the session's distinct
 * selections would exceed `maxCostPerConnection` (QUERY_LIMIT_EXCEEDED). Subscriptions that
 * repeat a selection the session holds cost nothing more.
 */
function selectionBudgetRefusal(session: SubscriptionSession, prepared: PreparedSubscription, limits: SubscriptionLimits): GraphQLError | undefined {
  if (session.selections.has(prepared.groupKey)) return undefined;
  if (session.selections.size >= limits.maxSelectionsPerConnection) {
    return userError(ErrorCode.QUERY_LIMIT_EXCEEDED, `A connection may hold at most ${limits.maxSelectionsPerConnection} distinct subscription selections`, {
      limit: 'subscriptionSelections', max: limits.maxSelectionsPerConnection,
    });
  }
  let cost = prepared.cost;
  for (const selection of session.selections.values()) cost += selection.cost;
  if (cost > limits.maxCostPerConnection) {
    return userError(ErrorCode.QUERY_LIMIT_EXCEEDED, `The distinct selections of this connection would cost ${cost}; at most ${limits.maxCostPerConnection} is allowed`, {
      limit: 'subscriptionCost', max: limits.maxCostPerConnection, actual: cost,
    });
  }
  return undefined;
}

/** Counts `prepared` against its session's selections. */
function reserveSelection(session: SubscriptionSession, prepared: PreparedSubscription): void {
  const held = session.selections.get(prepared.groupKey);
  if (held) held.count++;
  else session.selections.set(prepared.groupKey, { count: 1, cost: prepared.cost });
}

/** Undoes {@link reserveSelection}. */
function releaseSelection(session: SubscriptionSession, prepared: PreparedSubscription): void {
  const selection = session.selections.get(prepared.groupKey);
  if (selection && --selection.count === 0) session.selections.delete(prepared.groupKey);
}

/** For a field that follows an order: ORDER_NOT_FOUND unless the subscriber can read it, asked of the orders subgraph through the plan. */
async function unreadableOrder(execute: FederatedExecutor, prepared: PreparedSubscription, identity: Identity): Promise<GraphQLError | undefined> {
  const field = SUBSCRIPTION_FIELDS[prepared.field];
  if (!('readableAtSubscribe' in field)) return undefined;
  const [orderId] = prepared.subjects as [string];
  const result = await execute('query SubscriptionOrderAccess($id: ID!) { order(id: $id) { id } }', { id: orderId }, identity);
  return (result.data?.order as { id?: string } | null | undefined)?.id ? undefined : orderNotFound(orderId);
}
