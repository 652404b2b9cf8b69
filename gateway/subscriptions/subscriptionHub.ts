import {
  buildSchema,
  defaultFieldResolver,
  printSchema,
  execute,
  GraphQLError,
  responsePathAsArray,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode } from '../../lib/errors/index.js';
import type { CloudEvent, EventBus, EventType } from '../../lib/events/index.js';
import type { Logger } from '../../lib/logging/index.js';
import type { PreparedSubscription } from './prepareSubscription.js';
import { productQueryFor } from './productQuery.js';
import { SUBSCRIPTION_FIELDS, type SubscriptionField } from './subscriptionFields.js';

/** Runs a query through the gateway's federated query plan (Apollo Server's `executeOperation`). */
export type FederatedExecutor = (query: string, variables: Record<string, unknown>) => Promise<FormattedExecutionResult>;

/** Where the hub delivers one subscription's results. */
export interface SubscriptionSink {
  /**
   * One event's result, shared by every subscription of its group (do not mutate), and its
   * JSON, serialized once per group so that fan-out costs no serialization per subscriber.
   */
  deliver(result: ExecutionResult, json: string): void;
}

/** Options for {@link createSubscriptionHub}. */
export interface SubscriptionHubOptions {
  readonly bus: EventBus;
  /** The supergraph's API schema (a function, so a hot-reloaded schema is picked up). */
  readonly schema: () => GraphQLSchema;
  readonly execute: FederatedExecutor;
  /** Turns an error into what a client may see (the gateway's masking `formatError`). */
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  readonly logger: Logger;
  /** How many recent event ids are remembered to drop redelivered events. @default 10000 */
  readonly dedupeWindow?: number;
}

/** Counters for tests, benchmarks and metrics. */
export interface SubscriptionHubStats {
  readonly subscriptions: number;
  readonly groups: number;
  /** Events that matched at least one subscription. */
  readonly events: number;
  /** Federated `product` queries run (one per event and distinct selection). */
  readonly fetches: number;
}

/** Matches events from the bus to subscriptions and resolves each event once per group. */
export interface SubscriptionHub {
  /** Registers a subscription; returns its removal. */
  add(subscription: PreparedSubscription, sink: SubscriptionSink): () => void;
  stats(): SubscriptionHubStats;
  /** Resolves once every event received so far has been delivered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Group {
  readonly key: string;
  /** Any member: members of a group differ only in which events they get. */
  readonly representative: PreparedSubscription;
  size: number;
}

interface Entry {
  readonly subscription: PreparedSubscription;
  readonly sink: SubscriptionSink;
  readonly group: Group;
  active: boolean;
}

/**
 * Subscribes to the bus once per event type. For each event it finds the subscriptions to
 * that product, groups them by {@link PreparedSubscription.groupKey}, executes each group's
 * document once (its `product` through the federated query plan, shared by groups with the
 * same `product` selection) and hands the one result to every member. Events of one product
 * are delivered in order; different products proceed concurrently.
 */
export async function createSubscriptionHub(options: SubscriptionHubOptions): Promise<SubscriptionHub> {
  const { logger } = options;
  const index = new Map<SubscriptionField, Map<string, Set<Entry>>>();
  const groups = new Map<string, Group>();
  const chains = new Map<string, Promise<void>>();
  const seen = new Set<string>();
  const dedupeWindow = options.dedupeWindow ?? 10_000;
  const stats = { subscriptions: 0, events: 0, fetches: 0 };

  const fields = Object.keys(SUBSCRIPTION_FIELDS) as SubscriptionField[];
  const fieldOf = new Map<EventType, SubscriptionField>(fields.map((f) => [SUBSCRIPTION_FIELDS[f].eventType, f]));
  for (const field of fields) index.set(field, new Map());

  const onEvent = (event: CloudEvent<EventType, any>) => {
    const field = fieldOf.get(event.type);
    if (!field || !index.get(field)!.has(event.subject)) return;
    if (seen.has(event.id)) return;
    seen.add(event.id);
    if (seen.size > dedupeWindow) seen.delete(seen.values().next().value!);
    const key = `${field}\u0000${event.subject}`;
    const next = (chains.get(key) ?? Promise.resolve())
      .then(() => fanOut(field, event))
      .catch((error: unknown) => logger.error({ err: error, eventId: event.id }, 'subscription delivery failed'));
    chains.set(key, next);
    void next.then(() => {
      if (chains.get(key) === next) chains.delete(key);
    });
  };

  const fanOut = async (field: SubscriptionField, event: CloudEvent<EventType, any>) => {
    const byGroup = new Map<Group, Entry[]>();
    for (const entry of index.get(field)!.get(event.subject) ?? []) {
      if (!SUBSCRIPTION_FIELDS[field].matches(entry.subscription.warehouseId, event)) continue;
      const members = byGroup.get(entry.group);
      if (members) members.push(entry);
      else byGroup.set(entry.group, [entry]);
    }
    if (byGroup.size === 0) return;
    stats.events++;
    const fetches = new Map<string, Promise<FormattedExecutionResult>>();
    await Promise.all(
      [...byGroup].map(async ([group, members]) => {
        const result = await resolveGroup(field, group.representative, event, fetches);
        const json = JSON.stringify(result);
        for (const entry of members) if (entry.active) entry.sink.deliver(result, json);
      }),
    );
  };

  const resolveGroup = async (
    field: SubscriptionField,
    subscription: PreparedSubscription,
    event: CloudEvent<EventType, any>,
    fetches: Map<string, Promise<FormattedExecutionResult>>,
  ): Promise<ExecutionResult> => {
    const extraErrors: GraphQLError[] = [];
    const product = async (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      const { query, idVariable, variables: used } = productQueryFor(info);
      const variables: Record<string, unknown> = { [idVariable]: event.subject };
      for (const name of used) variables[name] = info.variableValues[name];
      const fetchKey = `${query}\n${JSON.stringify(variables)}`;
      let fetch = fetches.get(fetchKey);
      if (!fetch) {
        stats.fetches++;
        fetch = options.execute(query, variables);
        fetches.set(fetchKey, fetch);
      }
      const response = await fetch;
      const base = responsePathAsArray(info.path);
      const errors = (response.errors ?? []).map(
        (e) => new GraphQLError(e.message, { path: e.path ? [...base, ...e.path.slice(1)] : base, extensions: e.extensions }),
      );
      const data = response.data?.product as Record<string, unknown> | null | undefined;
      if (data == null) {
        throw errors[0] ?? new GraphQLError(`Product ${event.subject} not found`, { extensions: { code: ErrorCode.PRODUCT_NOT_FOUND, productId: event.subject } });
      }
      extraErrors.push(...errors);
      return new Keyed(data);
    };
    const payload = { ...SUBSCRIPTION_FIELDS[field].payload(event as never), product };
    const result = await execute({
      schema: privateCopy(options.schema()),
      document: subscription.document,
      operationName: subscription.operationName,
      variableValues: subscription.variables,
      rootValue: { [field]: payload },
      fieldResolver: keyedFieldResolver,
    });
    const errors = [...(result.errors ?? []), ...extraErrors];
    if (errors.length === 0) return result;
    return {
      ...result,
      errors: errors.map((error) => {
        const formatted = options.formatError(error.toJSON(), error);
        return new GraphQLError(formatted.message, { path: formatted.path, extensions: formatted.extensions });
      }),
    };
  };

  const unsubscribes = await Promise.all(
    fields.map((field) => options.bus.subscribe(SUBSCRIPTION_FIELDS[field].eventType, onEvent)),
  );

  const idle = async () => {
    while (chains.size > 0) await Promise.all(chains.values());
  };

  return {
    add(subscription, sink) {
      let group = groups.get(subscription.groupKey);
      if (!group) {
        group = { key: subscription.groupKey, representative: subscription, size: 0 };
        groups.set(group.key, group);
      }
      group.size++;
      stats.subscriptions++;
      const entry: Entry = { subscription, sink, group, active: true };
      const byProduct = index.get(subscription.field)!;
      for (const id of subscription.productIds) {
        const set = byProduct.get(id);
        if (set) set.add(entry);
        else byProduct.set(id, new Set([entry]));
      }
      return () => {
        if (!entry.active) return;
        entry.active = false;
        stats.subscriptions--;
        for (const id of subscription.productIds) {
          const set = byProduct.get(id);
          set?.delete(entry);
          if (set?.size === 0) byProduct.delete(id);
        }
        if (--entry.group.size === 0) groups.delete(entry.group.key);
      };
    },
    stats: () => ({ ...stats, groups: groups.size }),
    idle,
    async close() {
      await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
      await idle();
    },
  };
}

const copies = new WeakMap<GraphQLSchema, GraphQLSchema>();

/**
 * The API schema rebuilt from its SDL, once per schema: Apollo Server wraps the resolvers of
 * the schema it serves (plugins' `willResolveField`), and those wrappers would bypass the
 * response-key resolver below.
 */
function privateCopy(schema: GraphQLSchema): GraphQLSchema {
  let copy = copies.get(schema);
  if (!copy) {
    copy = buildSchema(printSchema(schema));
    copies.set(schema, copy);
  }
  return copy;
}

/** A federated response object: its fields are found by response key (aliases included), not field name. */
class Keyed {
  constructor(readonly data: Record<string, unknown>) {}
  get __typename(): unknown {
    return this.data.__typename;
  }
}

const keyed = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(keyed) : value !== null && typeof value === 'object' ? new Keyed(value as Record<string, unknown>) : value;

const keyedFieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => 
  source instanceof Keyed ? keyed(source.data[info.path.key as string]) : defaultFieldResolver(source, args, context, info);
