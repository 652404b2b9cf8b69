import { buildSchema, type DocumentNode, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../lib/auth/index.js';
import { DEFAULT_SUBSCRIPTION_LIMITS, type SubscriptionLimits } from '../../lib/config/index.js';
import { ErrorCode, userError } from '../../lib/errors/index.js';
import type { PreparedSubscription } from './prepareSubscription.js';
import { createSubscriptionEngine, type AdmittedSubscription } from './subscriptionEngine.js';
import type { SubscriptionHub, SubscriptionSink } from './subscriptionHub.js';

const schema = buildSchema(/* GraphQL */ `
  type Query { product(id: ID!): Product }
  type Product { id: ID! name: String! reserved: Int }
  type PriceChange { eventId: ID! product: Product! }
  type Subscription { priceChanged(productIds: [ID!]!): PriceChange! }
`);
const ALICE: Identity = { subject: 'alice', roles: [], scopes: [] };

/** A hub stand-in: records what the engine adds and removes, and refuses when told to. */
function recordingHub(refusal?: GraphQLError) {
  const sinks = new Set<SubscriptionSink>();
  const added: { prepared: PreparedSubscription; identity?: Identity }[] = [];
  const hub = {
    admits: () => refusal,
    add: (prepared: PreparedSubscription, sink: SubscriptionSink, identity?: Identity) => {
      added.push({ prepared, identity });
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
  } as unknown as SubscriptionHub;
  return { hub, sinks, added };
}

function engineWith(overrides: { limits?: Partial<SubscriptionLimits>; refusal?: GraphQLError; authorize?: (doc: DocumentNode, name: string | undefined, identity: Identity) => { document: DocumentNode; errors: readonly GraphQLError[]; empty?: boolean } } = {}) {
  const recorded = recordingHub(overrides.refusal);
  const engine = createSubscriptionEngine({
    hub: recorded.hub,
    schema: () => schema,
    limits: { ...DEFAULT_SUBSCRIPTION_LIMITS, ...overrides.limits },
    ...(overrides.authorize ? { authorize: overrides.authorize as never } : {}),
    execute: async () => ({ data: null }),
  });
  return { engine, ...recorded };
}

const price = (ids: string[], fields = 'eventId') => ({ query: `subscription { priceChanged(productIds: ${JSON.stringify(ids)}) { ${fields} } }` });
const codesOf = (result: unknown) => (Array.isArray(result) ? (result as GraphQLError[]).map((e) => e.extensions.code) : []);

describe('createSubscriptionEngine', () => {
  it('admits a valid subscription and delivers the hub JSON until stopped', async () => {
    const { engine, sinks, added } = engineWith();
    const session = engine.session(ALICE);
    const admitted = (await engine.admit(session, price(['p-1']))) as AdmittedSubscription;
    expect(Array.isArray(admitted)).toBe(false);
    const received: string[] = [];
    const stop = admitted.start((json) => received.push(json));
    expect(added[0]?.identity).toBe(ALICE);
    for (const sink of sinks) sink.deliver({ data: {} }, '{"data":{"n":1}}');
    expect(received).toEqual(['{"data":{"n":1}}']);
    expect(session.active).toBe(1);
    stop();
    stop(); // a second stop (client close after a slow-consumer end) changes nothing
    expect(sinks.size).toBe(0);
    expect(session.active).toBe(0);
    expect(session.selections.size).toBe(0);
  });

  it('refuses an invalid document with the validation errors and admits nothing', async () => {
    const { engine, added } = engineWith();
    const session = engine.session(ALICE);
    const result = await engine.admit(session, { query: 'subscription { priceChanged(productIds: ["p-1"]) { nope } }' });
    expect(codesOf(result)).toEqual([ErrorCode.GRAPHQL_VALIDATION_FAILED]);
    expect(added).toHaveLength(0);
    expect(session.active).toBe(0);
  });

  it('returns the authorizer\'s FORBIDDEN errors for the session\'s identity', async () => {
    const seen: Identity[] = [];
    const { engine, added } = engineWith({
      authorize: (document, _name, identity) => {
        seen.push(identity);
        return { document, errors: [userError(ErrorCode.FORBIDDEN, 'needs inventory:read', { path: ['priceChanged', 'product', 'reserved'] })] };
      },
    });
    const result = await engine.admit(engine.session(ALICE), price(['p-1'], 'product { reserved }'));
    expect(codesOf(result)).toEqual([ErrorCode.FORBIDDEN]);
    expect(seen).toEqual([ALICE]);
    expect(added).toHaveLength(0);
  });

  it('counts subscriptions per session: TOO_MANY_SUBSCRIPTIONS past maxPerConnection, room again after a stop', async () => {
    const { engine } = engineWith({ limits: { maxPerConnection: 1 } });
    const session = engine.session(ALICE);
    const first = (await engine.admit(session, price(['p-1']))) as AdmittedSubscription;
    const stop = first.start(() => {});
    expect(codesOf(await engine.admit(session, price(['p-2'])))).toEqual([ErrorCode.TOO_MANY_SUBSCRIPTIONS]);
    expect(codesOf(await engine.admit(engine.session(ALICE), price(['p-2'])))).toEqual([]); // another session has its own budget
    stop();
    expect(codesOf(await engine.admit(session, price(['p-2'])))).toEqual([]);
  });

  it('bounds distinct selections per session (QUERY_LIMIT_EXCEEDED); a repeated selection costs nothing more', async () => {
    const { engine } = engineWith({ limits: { maxSelectionsPerConnection: 1 } });
    const session = engine.session(ALICE);
    expect(codesOf(await engine.admit(session, price(['p-1'])))).toEqual([]);
    expect(codesOf(await engine.admit(session, price(['p-2'])))).toEqual([]); // same selection, other product
    const refused = await engine.admit(session, price(['p-1'], 'eventId product { name }'));
    expect(codesOf(refused)).toEqual([ErrorCode.QUERY_LIMIT_EXCEEDED]);
    expect((refused as GraphQLError[])[0]?.extensions).toMatchObject({ limit: 'subscriptionSelections', max: 1 });
  });

  it('passes on the hub\'s capacity refusal and reserves nothing', async () => {
    const { engine, added } = engineWith({ refusal: userError(ErrorCode.QUERY_LIMIT_EXCEEDED, 'product full', { limit: 'subscriptionSelectionsPerProduct' }) });
    const session = engine.session(ALICE);
    expect(codesOf(await engine.admit(session, price(['p-1'])))).toEqual([ErrorCode.QUERY_LIMIT_EXCEEDED]);
    expect(added).toHaveLength(0);
    expect(session.selections.size).toBe(0);
    expect(session.active).toBe(0);
  });
});
