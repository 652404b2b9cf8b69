import type { EventStoreReader, StoredEvent } from '../../lib/eventStore/index.js';
import type { ProductEventType } from '../../lib/events/index.js';
import { historyPage, historyPageArgs } from '../../lib/history/index.js';
import type { ChangeType, ProductChangesArgs } from './generated/types.js';

const EVENT_TYPE: Readonly<Record<ChangeType, ProductEventType>> = {
  PRODUCT: 'commerce.catalog.product_changed.v1',
  PRICE: 'commerce.pricing.price_changed.v1',
  STOCK: 'commerce.inventory.stock_changed.v1',
};
const CHANGE_TYPE = new Map(Object.entries(EVENT_TYPE).map(([change, event]) => [event, change as ChangeType]));

const json = (state: unknown) => (state === null || state === undefined ? null : JSON.stringify(state));

function change({ event, actor }: StoredEvent) {
  const data = event.data as { currency?: string; warehouseId?: string; before: unknown; after: unknown };
  return {
    id: event.id, type: CHANGE_TYPE.get(event.type as ProductEventType)!, at: event.time, actor,
    currency: data.currency ?? null, warehouseId: data.warehouseId ?? null, before: json(data.before), after: json(data.after),
  };
}

/**
 * `Product.changes`: one product's events from the event store, the product's own and those of
 * its prices and stock, in the order they were written. The cursor counts the changes already returned (an
 * audit trail is read front to back, and new changes only ever append at its end).
 */
export async function productChanges(events: EventStoreReader, productId: string, args: ProductChangesArgs) {
  const { range, first, afterSeq } = historyPageArgs(args);
  const found = await events.eventsOf({
    subject: productId,
    types: args.types?.length ? [...new Set(args.types)].map((type) => EVENT_TYPE[type]) : Object.values(EVENT_TYPE),
    from: range.from ?? undefined,
    // `to` is exclusive; event times have millisecond precision and the reader's `to` is inclusive.
    to: new Date(range.to.getTime() - 1),
    by: 'time',
    limit: first + 1,
    offset: afterSeq,
  });
  return historyPage(found.map((stored, i) => ({ stored, seq: afterSeq + i + 1 })), first, ({ stored }) => change(stored));
}
