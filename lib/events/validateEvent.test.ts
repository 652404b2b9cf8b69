import { describe, expect, it } from 'vitest';
import { samplePriceChanged, sampleEvents } from '../../test/helpers/events.js';
import { validateEvent } from './validateEvent.js';

const { 'commerce.inventory.stock_changed.v1': stock, 'commerce.catalog.product_changed.v1': product, 'commerce.orders.order_placed.v1': placed,
  'commerce.orders.order_status_changed.v1': statusChanged, 'commerce.payments.payment_status_changed.v1': paymentChanged } = sampleEvents();

describe('validateEvent', () => {
  it('accepts valid events of every type', () => {
    for (const event of [samplePriceChanged(), stock, product, placed, statusChanged, paymentChanged]) expect(validateEvent(event)).toMatchObject({ ok: true, event });
  });

  it('accepts the actor extension attribute, who made the change', () => {
    expect(validateEvent({ ...stock, actor: 'wes@shop.example' })).toMatchObject({ ok: true });
  });

  it.each([
    ['not an object', 'x', /not a JSON object/],
    ['another specversion', { ...stock, specversion: '0.3' }, /specversion/],
    ['an unknown type', { ...stock, type: 'commerce.inventory.stock_vanished.v1' }, /unknown event type/],
    ['a source of another subgraph', { ...stock, source: '/commerce/pricing' }, /source/],
    ['a time that is not ISO 8601', { ...stock, time: 'yesterday' }, /time/],
    ['an unknown attribute', { ...stock, extra: 1 }, /unknown attribute "extra"/],
    ['an empty actor', { ...stock, actor: '' }, /actor/],
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
    ['a payment event whose subject is not data.orderId', { ...paymentChanged, subject: 'p-9' }, /orderId must equal subject/],
    ['an empty payment provider', { ...paymentChanged, data: { ...paymentChanged.data, provider: '' } }, /data\.provider/],
  ])('rejects %s with the reason', (_, value, reason) => {
    const result = validateEvent(value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
