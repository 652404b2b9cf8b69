import { channel } from 'node:diagnostics_channel';
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
import { ANONYMOUS, type Identity } from '../../lib/auth/index.js';
import { ErrorCode, userError } from '../../lib/errors/index.js';
import type { CloudEvent, EventBus, EventType } from '../../lib/events/index.js';
import type { Logger } from '../../lib/logging/index.js';
import type { PreparedSubscription } from './prepareSubscription.js';
import { entityQueryFor } from './entityQuery.js';
import { orderNotFound, SUBSCRIPTION_FIELDS, type SubscriptionField } from './subscriptionFields.js';

/**
 * Runs a query through the gateway's federated query plan (Apollo Server's `executeOperation`)
 * as `identity`: the subscribers it serves, so scoped fields resolve as they would over HTTP.
 */
export type FederatedExecutor = (query: string, variables: Record<string, unknown>, identity: Identity) => Promise<FormattedExecutionResult>;

/** Where the hub delivers one subscription's results. */
export interface SubscriptionSink {
  /**
   * One event's result, shared by every subscription of its group (do not mutate), and its
   * JSON, serialized once per group so that fan-out costs no serialization per subscriber.
   */
  deliver(result: ExecutionResult, json: string): void;
}

/**
 * When each stage of one event's delivery was reached (`performance.now()`), published on
 * {@link subscriptionEventTimings} once the event is written to every sink (benchmarks, tracing).
 */
export interface SubscriptionEventTimings {
  readonly eventId: string;
  /** The hub's bus handler got the event. */
  readonly received: number;
  /** The entity cache had dropped what the event changed (= `received` without the cache). */
  settled: number;
  /** The first and the last of the event's federated fetches (one per distinct selection and caller) resolved. */
  firstFetched: number;
  lastFetched: number;
  /** The first sink was handed a result. */
  firstSent: number;
  /** The last sink was handed a result and the writes corked in that tick went out. */
  lastSent: number;
  /** Subscriptions the event matched. */
  deliveries: number;
}

/** Where {@link SubscriptionEventTimings} are published; a channel without subscribers costs nothing. */
export const subscriptionEventTimings = channel('commerce.subscriptions.event');

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
  /**
   * Most distinct groups (selection and caller) subscribed to one product: each costs one
   * federated fetch per event of that product, so this bounds the fetches of one event.
   * @default 50
   */
  readonly maxGroupsPerProduct?: number;
  /**
   * With the entity cache on: resolves once the cache has dropped what the events received so
   * far changed (`EntityCache.settled`). Each event's fetch waits for it, so it reads the
   * change from its subgraph and everything else from the cache.
   */
  readonly cacheSettled?: () => Promise<void>;
}

/** Counters for tests, benchmarks and metrics. */
export interface SubscriptionHubStats {
  readonly subscriptions: number;
  readonly groups: number;
  /** Events that matched at least one subscription. */
  readonly events: number;
  /** Federated `product` queries run (one per event, distinct selection and caller). */
  readonly fetches: number;
}

/** Matches events from the bus to subscriptions and resolves each event once per group. */
export interface SubscriptionHub {
  /**
   * Whether `subscription` may be added for `identity`: undefined, or the QUERY_LIMIT_EXCEEDED
   * error to refuse it with (one of its products already has `maxGroupsPerProduct` groups).
   */
  admits(subscription: PreparedSubscription, identity?: Identity): GraphQLError | undefined;
  /** Registers a subscription of `identity` (@default anonymous); returns its removal. */
  add(subscription: PreparedSubscription, sink: SubscriptionSink, identity?: Identity): () => void;
  stats(): SubscriptionHubStats;
  /** Resolves once every event received so far has been delivered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Subscriptions whose members get byte-identical payloads: the same
 * {@link PreparedSubscription.groupKey} and the same caller, whose identity the federated
 * fetch runs as.
 */
interface Group {
  readonly key: string;
  /** Any member: members of a group differ only in which events they get. */
  readonly representative: PreparedSubscription;
  readonly identity: Identity;
  readonly identityKey: string;
  size: number;
}

interface Entry {
  readonly subscription: PreparedSubscription;
  readonly sink: SubscriptionSink;
  readonly group: Group;
  active: boolean;
}

type AnyEvent = CloudEvent<EventType, any>;

/**
 * Subscribes to the bus once per event type. For each event it finds the subscriptions to
 * that product, groups them by {@link PreparedSubscription.groupKey} and caller, executes each
 * group's document once (its `product` through the federated query plan as that caller,
 * shared by groups with the same `product` selection and caller) and hands the one result to
 * every member. Events of one product are delivered in order; different products proceed
 * concurrently.
 */
export async function createSubscriptionHub(options: SubscriptionHubOptions): Promise<SubscriptionHub> {
  const { logger } = options;
  const registry = createRegistry(options.maxGroupsPerProduct ?? 50);
  const isNew = recentIds(options.dedupeWindow ?? 10_000);
  const chains = new KeyedChains();
  const stats = { events: 0, fetches: 0 };
  const fieldOf = new Map<EventType, SubscriptionField>(registry.fields.map((f) => [SUBSCRIPTION_FIELDS[f].eventType, f]));

  const fanOut = async (field: SubscriptionField, event: AnyEvent, received: number) => {
    const byGroup = registry.matching(field, event);
    if (byGroup.size === 0) return;
    stats.events++;
    await options.cacheSettled?.();
    const timings: SubscriptionEventTimings | undefined = subscriptionEventTimings.hasSubscribers
      ? { eventId: event.id, received, settled: performance.now(), firstFetched: 0, lastFetched: 0, firstSent: 0, lastSent: 0, deliveries: 0 }
      : undefined;
    const fetches = new Map<string, Promise<FormattedExecutionResult>>();
    const fetch = (query: string, variables: Record<string, unknown>, group: Group) => {
      const key = `${group.identityKey}\n${query}\n${JSON.stringify(variables)}`;
      let pending = fetches.get(key);
      if (!pending) {
        stats.fetches++;
        pending = options.execute(query, variables, group.identity);
        if (timings) void pending.finally(() => {
          timings.lastFetched = performance.now();
          timings.firstFetched ||= timings.lastFetched;
        }).catch(() => {});
        fetches.set(key, pending);
      }
      return pending;
    };
    await Promise.all(
      [...byGroup].map(async ([group, members]) => {
        const result = await resolveEvent(options, field, group.representative, event, (query, variables) => fetch(query, variables, group));
        const json = JSON.stringify(result);
        if (timings && timings.firstSent === 0) timings.firstSent = performance.now();
        for (const entry of members) if (entry.active) entry.sink.deliver(result, json);
        if (timings) timings.deliveries += members.length;
      }),
    );
    // After the sinks' corked writes, which are flushed on the next tick.
    if (timings) process.nextTick(() => {
      timings.lastSent = performance.now();
      subscriptionEventTimings.publish(timings);
    });
  };

  const onEvent = (event: AnyEvent) => {
    const field = fieldOf.get(event.type);
    if (!field || !registry.watches(field, event.subject) || !isNew(event.id)) return;
    const received = performance.now();
    chains.run(`${field}\u0000${event.subject}`, () => fanOut(field, event, received)
      .catch((error: unknown) => logger.error({ err: error, eventId: event.id }, 'subscription delivery failed')));
  };

  const unsubscribes = await Promise.all(
    registry.fields.map((field) => options.bus.subscribe(SUBSCRIPTION_FIELDS[field].eventType, onEvent)),
  );

  return {
    admits: (subscription, identity = ANONYMOUS) => registry.admits(subscription, identity),
    add: (subscription, sink, identity = ANONYMOUS) => registry.add(subscription, sink, identity),
    stats: () => ({ ...registry.counts(), ...stats }),
    idle: () => chains.idle(),
    async close() {
      await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
      await chains.idle();
    },
  };
}

/** The subscriptions the hub holds, indexed by field and product, and their groups. */
function createRegistry(maxGroupsPerProduct: number) {
  const fields = Object.keys(SUBSCRIPTION_FIELDS) as SubscriptionField[];
  const index = new Map<SubscriptionField, Map<string, Set<Entry>>>(fields.map((f) => [f, new Map()]));
  const groups = new Map<string, Group>();
  /** Distinct groups per field and product, with their member counts. */
  const groupsByProduct = new Map<string, Map<Group, number>>();
  let subscriptions = 0;

  const groupKeyOf = (subscription: PreparedSubscription, identity: Identity) => `${identityKeyOf(identity)}\n${subscription.groupKey}`;
  const productKey = (field: SubscriptionField, id: string) => `${field}\u0000${id}`;

  return {
    fields,
    counts: () => ({ subscriptions, groups: groups.size }),
    watches: (field: SubscriptionField, productId: string) => index.get(field)!.has(productId),

    admits(subscription: PreparedSubscription, identity: Identity): GraphQLError | undefined {
      const group = groups.get(groupKeyOf(subscription, identity));
      for (const id of subscription.subjects) {
        const held = groupsByProduct.get(productKey(subscription.field, id));
        if (!held || held.size < maxGroupsPerProduct || (group && held.has(group))) continue;
        return userError(ErrorCode.QUERY_LIMIT_EXCEEDED, `Product ${id} already has ${maxGroupsPerProduct} distinct subscription selections; reuse one of them`, {
          limit: 'subscriptionSelectionsPerProduct', max: maxGroupsPerProduct,
        });
      }
      return undefined;
    },

    add(subscription: PreparedSubscription, sink: SubscriptionSink, identity: Identity): () => void {
      const key = groupKeyOf(subscription, identity);
      let group = groups.get(key);
      if (!group) {
        group = { key, representative: subscription, identity, identityKey: identityKeyOf(identity), size: 0 };
        groups.set(key, group);
      }
      group.size++;
      subscriptions++;
      const entry: Entry = { subscription, sink, group, active: true };
      const byProduct = index.get(subscription.field)!;
      for (const id of subscription.subjects) {
        const set = byProduct.get(id);
        if (set) set.add(entry);
        else byProduct.set(id, new Set([entry]));
        const pk = productKey(subscription.field, id);
        const held = groupsByProduct.get(pk) ?? new Map<Group, number>();
        held.set(group, (held.get(group) ?? 0) + 1);
        groupsByProduct.set(pk, held);
      }
      return () => {
        if (!entry.active) return;
        entry.active = false;
        subscriptions--;
        for (const id of subscription.subjects) {
          const set = byProduct.get(id);
          set?.delete(entry);
          if (set?.size === 0) byProduct.delete(id);
          const pk = productKey(subscription.field, id);
          const held = groupsByProduct.get(pk);
          const left = (held?.get(entry.group) ?? 1) - 1;
          if (left > 0) held!.set(entry.group, left);
          else held?.delete(entry.group);
          if (held?.size === 0) groupsByProduct.delete(pk);
        }
        if (--entry.group.size === 0) groups.delete(entry.group.key);
      };
    },

    /** The active subscriptions an event reaches, by group. */
    matching(field: SubscriptionField, event: AnyEvent): Map<Group, Entry[]> {
      const byGroup = new Map<Group, Entry[]>();
      for (const entry of index.get(field)!.get(event.subject) ?? []) {
        if (!SUBSCRIPTION_FIELDS[field].visible(entry.subscription.args, event, entry.group.identity)) continue;
        const members = byGroup.get(entry.group);
        if (members) members.push(entry);
        else byGroup.set(entry.group, [entry]);
      }
      return byGroup;
    },
  };
}

/** What of an identity can change a federated answer: who it is and what it may see. */
const identityKeyOf = (identity: Identity): string => JSON.stringify([identity.subject ?? null, [...identity.scopes].sort()]);

/** A predicate that is true the first time it sees an id among the last `window` ids. */
function recentIds(window: number): (id: string) => boolean {
  const seen = new Set<string>();
  return (id) => {
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > window) seen.delete(seen.values().next().value!);
    return true;
  };
}

/** Runs tasks one after another per key, different keys concurrently. */
class KeyedChains {
  private readonly chains = new Map<string, Promise<void>>();

  run(key: string, task: () => Promise<void>): void {
    const next = (this.chains.get(key) ?? Promise.resolve()).then(task);
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all(this.chains.values());
  }
}

/**
 * Executes one subscription document for one event: the event's own fields from its payload,
 * `product` through `fetch` (the federated plan), errors at the subscriber's paths and masked.
 */
async function resolveEvent(
  options: Pick<SubscriptionHubOptions, 'schema' | 'formatError'>,
  field: SubscriptionField,
  subscription: PreparedSubscription,
  event: AnyEvent,
  fetch: (query: string, variables: Record<string, unknown>) => Promise<FormattedExecutionResult>,
): Promise<ExecutionResult> {
  const extraErrors: GraphQLError[] = [];
  const { entity } = SUBSCRIPTION_FIELDS[field];
  const resolveEntity = async (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
    const { query, idVariable, variables: used } = entityQueryFor(info, entity);
    const variables: Record<string, unknown> = { [idVariable]: event.subject };
    for (const name of used) variables[name] = info.variableValues[name];
    const response = await fetch(query, variables);
    const base = responsePathAsArray(info.path);
    const errors = (response.errors ?? []).map(
      (e) => new GraphQLError(e.message, { path: e.path ? [...base, ...e.path.slice(1)] : base, extensions: e.extensions }),
    );
    const data = response.data?.[entity] as Record<string, unknown> | null | undefined;
    if (data == null) {
      throw errors[0] ?? (entity === 'order' ? orderNotFound(event.subject)
        : new GraphQLError(`Product ${event.subject} not found`, { extensions: { code: ErrorCode.PRODUCT_NOT_FOUND, productId: event.subject } }));
    }
    extraErrors.push(...errors);
    return new Keyed(data);
  };
  const payload = { ...SUBSCRIPTION_FIELDS[field].payload(event as never), [entity]: resolveEntity };
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
