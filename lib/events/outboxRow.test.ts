import { describe, expect, it } from 'vitest';
import { outboxEventJson, type OutboxRow } from './outboxRow.js';
import { validateEventJson } from './validateEvent.js';

const parts: OutboxRow = {
  seq: '7', event: null, id: '5f0c1d2e-3a4b-4c5d-8e6f-000000000003', type: 'commerce.pricing.price_changed.v1',
  subject: 'p-"1"', time: '2026-12-04T10:00:00.123Z', actor: null,
  data: '{"productId" : "p-\\"1\\"", "currency" : "EUR", "before" : null, "after" : {"version": 1, "listAmount": 900, "saleAmount": null, "saleValidTo": null, "saleValidFrom": null}}',
};

describe('outboxEventJson', () => {
  it('passes a whole event through as written', () => {
    expect(outboxEventJson('pricing', { ...parts, event: '{"any":"text"}' })).toBe('{"any":"text"}');
  });

  it('assembles a valid CloudEvent from the parts, with the source of the schema and data as stored', () => {
    const json = outboxEventJson('pricing', parts);
    expect(validateEventJson(json)).toMatchObject({ ok: true });
    expect(JSON.parse(json)).toEqual({
      specversion: '1.0', id: parts.id, source: '/commerce/pricing', type: parts.type, subject: 'p-"1"',
      time: parts.time, datacontenttype: 'application/json', data: JSON.parse(parts.data!),
    });
    expect(json).toContain(`"data":${parts.data}`);
  });

  it('adds the actor extension attribute when the row names one', () => {
    expect(JSON.parse(outboxEventJson('pricing', { ...parts, actor: 'wes@shop.example' }))).toMatchObject({ actor: 'wes@shop.example' });
    expect(JSON.parse(outboxEventJson('pricing', parts))).not.toHaveProperty('actor');
  });
});
