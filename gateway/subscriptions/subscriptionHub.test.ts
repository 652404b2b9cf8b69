import { subscribe as subscribeChannel, unsubscribe as unsubscribeChannel } from 'node:diagnostics_channel';
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createFormatError } from '../../lib/errors/index.js';
import { createInProcessEventLog, createStreamEventBus } from '../../lib/events/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { price, priceChanged, priceChangedSchema } from '../../test/helpers/subscriptions.js';
import { prepareSubscription, type PreparedSubscription } from './prepareSubscription.js';
import { createSubscriptionHub, subscriptionEventTimings, type FederatedExecutor, type SubscriptionEventTimings } from './subscriptionHub.js';

const schema = priceChangedSchema;
const logger = createLogger({ level: 'silent', service: 'test' });

/** A gateway stand-in that answers `product(id:)` queries from a table and counts them. */
function tableExecutor(rows: Record<string, FormattedExecutionResult>) {
  const calls: { query: string; variables: Record<string, unknown> }[] = [];
  const execute: FederatedExecutor = async (query, variables) => {
    calls.push({ query, variables });
    // The first query for 'p-901' takes 30 ms, later ones none.
    if (variables.productId === 'p-901' && calls.length === 1) await new Promise((r) => setTimeout(r, 30));
    return rows[String(variables.productId)] ?? { data: { product: null } };
  };
  return { calls, execute };
}

async function hubWith(execute: FederatedExecutor) {
  const bus = createStreamEventBus({ log: createInProcessEventLog() });
  const hub = await createSubscriptionHub({ bus, schema: () => schema, execute, formatError: createFormatError(logger), logger });
  const subscribe = (query: string) => {
    const results: ExecutionResult[] = [];
    const prepared = prepareSubscription(schema, { query }, { maxProductIds: 10 }) as PreparedSubscription;
    const remove = hub.add(prepared, { deliver: (result) => void results.push(result) });
    return { results, remove };
  };
  return { bus, hub, subscribe };
}

describe('createSubscriptionHub', () => {
  it('answers a product that cannot be fetched with data null and PRODUCT_NOT_FOUND', async () => {
    const { bus, hub, subscribe } = await hubWith(tableExecutor({}).execute);
    const sub = subscribe(`subscription { priceChanged(productIds: ["p-900"]) { eventId product { name } } }`);
    await bus.publish(priceChanged('p-900', 'EUR', null, price(1)));
    await hub.idle();
    expect(sub.results).toHaveLength(1);
    expect(sub.results[0]!.data).toBeNull();
    expect(sub.results[0]!.errors!.map((e) => e.extensions.code)).toEqual(['PRODUCT_NOT_FOUND']);
  });

  it('passes partial data on with the subgraph errors, at the subscriber’s path', async () => {
    const { execute } = tableExecutor({
      'p-1': { data: { product: { name: 'Mug', stock: null } }, errors: [{ message: 'inventory down', path: ['product', 'stock'], extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }] },
    });
    const { bus, hub, subscribe } = await hubWith(execute);
    const sub = subscribe(`subscription { change: priceChanged(productIds: ["p-1"]) { item: product { name stock } } }`);
    await bus.publish(priceChanged('p-1', 'EUR', null, price(1)));
    await hub.idle();
    expect(sub.results[0]).toMatchObject({
      data: { change: { item: { name: 'Mug', stock: null } } },
      errors: [{ path: ['change', 'item', 'stock'], extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }],
    });
  });

  it('delivers the events of one product in publish order, even when resolving the first is slower', async () => {
    const { execute } = tableExecutor({ 'p-901': { data: { product: { name: 'Slow' } } } });
    const { bus, hub, subscribe } = await hubWith(execute);
    const sub = subscribe(`subscription { priceChanged(productIds: ["p-901"]) { after { version } product { name } } }`);
    for (let v = 1; v <= 5; v++) await bus.publish(priceChanged('p-901', 'EUR', null, price(1, v)));
    await hub.idle();
    expect(sub.results.map((r) => (r.data as any).priceChanged.after.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops delivering after removal and forgets empty groups', async () => {
    const { execute, calls } = tableExecutor({ 'p-2': { data: { product: { name: 'Lamp' } } } });
    const { bus, hub, subscribe } = await hubWith(execute);
    const sub = subscribe(`subscription { priceChanged(productIds: ["p-2"]) { product { name } } }`);
    expect(hub.stats()).toMatchObject({ subscriptions: 1, groups: 1 });
    sub.remove();
    expect(hub.stats()).toMatchObject({ subscriptions: 0, groups: 0 });
    await bus.publish(priceChanged('p-2', 'EUR', null, price(1)));
    await hub.idle();
    expect(sub.results).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('publishes each event’s stage times, in stage order, once it was handed to every subscriber', async () => {
    const { execute } = tableExecutor({ 'p-3': { data: { product: { name: 'Desk' } } } });
    const { bus, hub, subscribe } = await hubWith(execute);
    const named = subscribe(`subscription { priceChanged(productIds: ["p-3"]) { product { name } } }`);
    subscribe(`subscription { priceChanged(productIds: ["p-3"]) { eventId product { name } } }`);
    subscribe(`subscription { priceChanged(productIds: ["p-3"]) { eventId product { name } } }`);
    const published: SubscriptionEventTimings[] = [];
    const listener = (message: unknown) => void published.push(message as SubscriptionEventTimings);
    subscribeChannel(subscriptionEventTimings.name, listener);
    try {
      const event = priceChanged('p-3', 'EUR', null, price(1));
      await bus.publish(event);
      await hub.idle();
      await new Promise((resolve) => setImmediate(resolve));
      expect(named.results).toHaveLength(1);
      expect(published).toHaveLength(1);
      const t = published[0]!;
      expect(t).toMatchObject({ eventId: event.id, deliveries: 3 });
      const order = [t.received, t.settled, t.firstFetched, t.lastFetched, t.firstSent, t.lastSent];
      expect(order.every((time) => time > 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    } finally {
      unsubscribeChannel(subscriptionEventTimings.name, listener);
    }
  });
});
