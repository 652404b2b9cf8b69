import { randomUUID } from 'node:crypto';
import type { CloudEvent, Events } from '../../lib/events/index.js';

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

/** Resolves once `check` returns true, polling every 10 ms; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
