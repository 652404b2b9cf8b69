import { afterEach, describe, expect, it } from 'vitest';
import { samplePriceChanged, waitFor } from '../../test/helpers/events.js';
import type { CloudEvent } from './CloudEvent.js';
import type { EventBus } from './EventBus.js';

/**
 * The behaviour of an {@link EventBus} over each event log adapter. `open` returns two buses on
 * one backend (two processes on Redis; one log in process) and a cleanup.
 */
export function describeEventBusContract(name: string, open: () => Promise<{ publisher: EventBus; subscriber: EventBus; close(): Promise<void> }>) {
  describe(`EventBus contract: ${name}`, () => {
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await close?.();
      close = undefined;
    });
    const setup = async () => {
      const buses = await open();
      close = buses.close;
      return buses;
    };

    it('delivers an event published after subscribe to every subscriber of its type, and no other type', async () => {
      const { publisher, subscriber } = await setup();
      const a: CloudEvent[] = [];
      const b: CloudEvent[] = [];
      const stock: CloudEvent[] = [];
      await subscriber.subscribe('commerce.pricing.price_changed.v1', (e) => void a.push(e));
      await subscriber.subscribe('commerce.pricing.price_changed.v1', (e) => void b.push(e));
      await subscriber.subscribe('commerce.inventory.stock_changed.v1', (e) => void stock.push(e));
      const event = samplePriceChanged('p-3');
      await publisher.publish(event);
      await waitFor(() => a.length === 1 && b.length === 1, 3000, 'both subscribers');
      expect(a[0]).toEqual(event);
      expect(b[0]).toEqual(event);
      await new Promise((r) => setTimeout(r, 50));
      expect(stock).toEqual([]);
    });

    it('delivers events of several types in publish order, each to the subscribers of its type', async () => {
      const { publisher, subscriber } = await setup();
      const prices: string[] = [];
      const stock: string[] = [];
      await subscriber.subscribe('commerce.pricing.price_changed.v1', (e) => void prices.push(e.id));
      await subscriber.subscribe('commerce.inventory.stock_changed.v1', (e) => void stock.push(e.id));
      const events = Array.from({ length: 5 }, (_, i) => samplePriceChanged(`p-${i + 1}`));
      const stockEvent = {
        ...samplePriceChanged('p-9'), source: '/commerce/inventory', type: 'commerce.inventory.stock_changed.v1',
        data: { productId: 'p-9', warehouseId: 'wh-berlin', before: null, after: { onHand: 1, reserved: 0, version: 1 } },
      } as const;
      for (const event of [...events.slice(0, 2), stockEvent as never, ...events.slice(2)]) await publisher.publish(event);
      await waitFor(() => prices.length === 5 && stock.length === 1, 3000, 'six events');
      expect(prices).toEqual(events.map((e) => e.id));
      expect(stock).toEqual([stockEvent.id]);
    });

    it('stops delivering after unsubscribe', async () => {
      const { publisher, subscriber } = await setup();
      const kept: string[] = [];
      const dropped: string[] = [];
      await subscriber.subscribe('commerce.pricing.price_changed.v1', (e) => void kept.push(e.id));
      const unsubscribe = await subscriber.subscribe('commerce.pricing.price_changed.v1', (e) => void dropped.push(e.id));
      await unsubscribe();
      const event = samplePriceChanged();
      await publisher.publish(event);
      await waitFor(() => kept.length === 1, 3000, 'the remaining subscriber');
      expect(dropped).toEqual([]);
    });

    it('keeps delivering to other subscribers when one throws', async () => {
      const { publisher, subscriber } = await setup();
      const got: string[] = [];
      await subscriber.subscribe('commerce.pricing.price_changed.v1', () => { throw new Error('boom'); });
      await subscriber.subscribe('commerce.pricing.price_changed.v1', async () => { throw new Error('async boom'); });
      await subscriber.subscribe('commerce.pricing.price_changed.v1', (e) => void got.push(e.id));
      const first = samplePriceChanged();
      const second = samplePriceChanged();
      await publisher.publish(first);
      await publisher.publish(second);
      await waitFor(() => got.length === 2, 3000, 'two events');
      expect(got).toEqual([first.id, second.id]);
    });
  });
}
