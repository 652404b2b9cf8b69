import { describe, expect, it } from 'vitest';
import { samplePriceChanged } from '../../test/helpers/events.js';
import { validateEvent } from './validateEvent.js';

const stock = {
  specversion: '1.0', id: 'e-1', source: '/commerce/inventory', type: 'commerce.inventory.stock_changed.v1', subject: 'p-9',
  time: '2026-01-02T03:04:05.678Z', datacontenttype: 'application/json',
  data: { productId: 'p-9', warehouseId: 'wh-berlin', before: null, after: { onHand: 5, reserved: 1, version: 1 } },
};
const product = {
  ...stock, source: '/commerce/catalog', type: 'commerce.catalog.product_changed.v1',
  data: { productId: 'p-9', before: null, after: { name: 'Mug', slug: 'mug', brand: 'Acme', categoryId: 'c-2', description: '', attributes: [{ name: 'colour', value: 'red' }], version: 1 } },
};

const orderId = '0b6c3f8e-2d4a-4c1e-9a57-3f2e1d0c9b8a';
const placed = {
  ...stock, source: '/commerce/orders', type: 'commerce.orders.order_placed.v1', subject: orderId,
  data: { orderId, customer: 'alice', currency: 'EUR', itemsAmount: 2000, shippingAmount: 490, totalAmount: 2490, lines: [{ productId: 'p-9', quantity: 2, unitAmount: 1000 }] },
};
const statusChanged = {
  ...stock, source: '/commerce/orders', type: 'commerce.orders.order_status_changed.v1', subject: orderId,
  data: { orderId, customer: 'alice', before: 'PENDING', after: 'FAILED', reason: 'OUT_OF_STOCK' },
};

describe('validateEvent', () => {
  it('accepts valid events of every type', () => {
    for (const event of [samplePriceChanged(), stock, product, placed, statusChanged]) expect(validateEvent(event)).toMatchObject({ ok: true, event });
  });

  it.each([
    ['not an object', 'x', /not a JSON object/],
    ['another specversion', { ...stock, specversion: '0.3' }, /specversion/],
    ['an unknown type', { ...stock, type: 'commerce.inventory.stock_vanished.v1' }, /unknown event type/],
    ['a source of another subgraph', { ...stock, source: '/commerce/pricing' }, /source/],
    ['a time that is not ISO 8601', { ...stock, time: 'yesterday' }, /time/],
    ['an unknown attribute', { ...stock, extra: 1 }, /unknown attribute "extra"/],
    ['a subject other than data.productId', { ...stock, subject: 'p-1' }, /productId must equal subject/],
    ['no before and no after', { ...stock, data: { ...stock.data, after: null } }, /both null/],
    ['a negative amount', { ...samplePriceChanged(), data: { ...samplePriceChanged().data, after: { ...samplePriceChanged().data.after!, listAmount: -1 } } }, /after\.listAmount/],
    ['a float stock level', { ...stock, data: { ...stock.data, after: { onHand: 1.5, reserved: 0, version: 1 } } }, /onHand/],
    ['a bad currency', { ...samplePriceChanged(), data: { ...samplePriceChanged().data, currency: 'eur' } }, /currency/],
    ['attributes that are not name/value pairs', { ...product, data: { ...product.data, after: { ...product.data.after, attributes: [1] } } }, /attributes/],
    ['an order event whose subject is not data.orderId', { ...placed, subject: 'p-9' }, /orderId must equal subject/],
    ['an order event from another source', { ...placed, source: '/commerce/inventory' }, /source/],
    ['a placed order with a fractional amount', { ...placed, data: { ...placed.data, totalAmount: 24.9 } }, /totalAmount/],
    ['a placed order without lines', { ...placed, data: { ...placed.data, lines: [] } }, /lines/],
    ['an unknown order status', { ...statusChanged, data: { ...statusChanged.data, after: 'SHIPPED' } }, /after/],
  ])('rejects %s with the reason', (_, value, reason) => {
    const result = validateEvent(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
