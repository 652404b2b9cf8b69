import { randomUUID } from 'node:crypto';
import type { CloudEvent, EventType, Events } from '../../lib/events/index.js';

type PriceChanged = CloudEvent<'commerce.pricing.price_changed.v1', Events['commerce.pricing.price_changed.v1']>;

/** A valid price_changed event for tests. */
export function samplePriceChanged(productId = 'p-1', listAmount = 1999): PriceChanged {
  return {
    specversion: '1.0', id: randomUUID(), source: '/commerce/pricing', type: 'commerce.pricing.price_changed.v1',
    subject: productId, time: new Date().toISOString(), datacontenttype: 'application/json',
    data: {
      productId, currency: 'EUR',
      before: { listAmount: 999, saleAmount: null, saleValidFrom: null, saleValidTo: null, version: 1 },
      after: { listAmount, saleAmount: null, saleValidFrom: null, saleValidTo: null, version: 2 },
    },
  };
}

/** One valid event of every type, typed by lib/events/CloudEvent.ts (so a field the types add or drop breaks this at compile time). */
export function sampleEvents(): { [K in EventType]: CloudEvent<K, Events[K]> } {
  const orderId = '0b6c3f8e-2d4a-4c1e-9a57-3f2e1d0c9b8a';
  const envelope = { specversion: '1.0', id: randomUUID(), subject: 'p-9', time: '2026-01-02T03:04:05.678Z', datacontenttype: 'application/json' } as const;
  const order = { ...envelope, source: '/commerce/orders', subject: orderId } as const;
  const queryId = '7d1e6a52-0c3b-4f7e-8a9d-2b5c4e6f8a10';
  return {
    'commerce.pricing.price_changed.v1': samplePriceChanged('p-9'),
    'commerce.inventory.stock_changed.v1': {
      ...envelope, source: '/commerce/inventory', type: 'commerce.inventory.stock_changed.v1',
      data: { productId: 'p-9', warehouseId: 'wh-berlin', before: null, after: { onHand: 5, reserved: 1, version: 1 } },
    },
    'commerce.catalog.product_changed.v1': {
      ...envelope, source: '/commerce/catalog', type: 'commerce.catalog.product_changed.v1',
      data: {
        productId: 'p-9', before: null,
        after: { name: 'Mug', slug: 'mug', brand: 'Acme', categoryId: 'c-2', description: '', attributes: [{ name: 'colour', value: 'red' }], version: 1 },
      },
    },
    'commerce.orders.order_placed.v1': {
      ...order, type: 'commerce.orders.order_placed.v1',
      data: { orderId, customer: 'alice', currency: 'EUR', itemsAmount: 2000, shippingAmount: 490, totalAmount: 2490, lines: [{ productId: 'p-9', quantity: 2, unitAmount: 1000 }] },
    },
    'commerce.orders.order_status_changed.v1': {
      ...order, type: 'commerce.orders.order_status_changed.v1',
      data: { orderId, customer: 'alice', before: 'PENDING', after: 'FAILED', reason: 'OUT_OF_STOCK' },
    },
    'commerce.payments.payment_status_changed.v1': {
      ...order, source: '/commerce/payments', type: 'commerce.payments.payment_status_changed.v1',
      data: { orderId, paymentId: 'pay-1', customer: 'alice', before: 'AUTHORIZING', after: 'AUTHORIZED', provider: 'payvia', amount: 2490, currency: 'EUR' },
    },
    'commerce.shipping.shipment_status_changed.v1': {
      ...order, source: '/commerce/shipping', type: 'commerce.shipping.shipment_status_changed.v1',
      data: { orderId, shipmentId: 'a1b2c3d4-0000-4000-8000-000000000001', customer: 'alice', carrier: 'parcelo', trackingNumber: 'PCL0123456789', before: 'IN_TRANSIT', after: 'DELIVERED', at: '2026-01-02T03:04:05.678Z' },
    },
    'commerce.insights.search_performed.v1': {
      ...envelope, source: '/commerce/insights', type: 'commerce.insights.search_performed.v1', subject: queryId,
      data: {
        queryId, query: 'Running Shoe', normalizedQuery: 'running shoe', sort: 'RELEVANCE', resultCount: 12, latencyMs: 1.5,
        filters: { categoryIds: ['c-1'], brands: [], priceMin: null, priceMax: 9000, currency: 'EUR', inStock: true },
        variant: 'default', experimentId: 'in-stock-boost', client: 'storefront-web', sessionId: 'sess-12345678', searchedAt: '2026-01-02T03:04:05.000Z',
      },
    },
    'commerce.insights.search_clicked.v1': {
      ...envelope, source: '/commerce/insights', type: 'commerce.insights.search_clicked.v1', subject: queryId,
      data: {
        queryId, productId: 'p-9', position: 2, firstClick: true, normalizedQuery: 'running shoe', variant: 'default', experimentId: null,
        sessionId: null, searchedAt: '2026-01-02T03:04:05.000Z',
      },
    },
  };
}

/** Resolves once `check` returns true, polling every 10 ms; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
