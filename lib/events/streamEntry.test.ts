import { describe, expect, it } from 'vitest';
import { samplePriceChanged } from '../../test/helpers/events.js';
import { deadLetterEntry, entryEventId, eventEntry, readEntry } from './streamEntry.js';

describe('stream entry layout', () => {
  it('writes an event as its id and its JSON in `data`, once, on the stream of its type', () => {
    const event = samplePriceChanged();
    const entry = eventEntry(event);
    expect(entry).toEqual({ stream: 'events:commerce.pricing.price_changed.v1', fields: { id: event.id, data: JSON.stringify(event) } });
    expect(eventEntry(event, '{"kept":"text"}').fields.data).toBe('{"kept":"text"}');
    expect(entryEventId(entry.fields)).toBe(event.id);
    expect(readEntry(entry.fields)).toEqual({ ok: true, event });
  });

  it('reads entries written before the `data` field (the JSON in `event`)', () => {
    const event = samplePriceChanged();
    expect(readEntry({ id: event.id, event: JSON.stringify(event) })).toEqual({ ok: true, event });
  });

  it('reports an entry without JSON, or with an invalid event, with the reason', () => {
    expect(readEntry({ id: 'x' })).toEqual({ ok: false, reason: 'event is not JSON' });
    expect(readEntry({ data: 'not json' })).toEqual({ ok: false, reason: 'event is not JSON' });
    expect(readEntry({ data: JSON.stringify({ ...samplePriceChanged(), specversion: '0.3' }) })).toMatchObject({ ok: false, reason: expect.stringMatching(/specversion/) });
  });

  it('writes a dead letter with the reason, its origin and the event text in `data`', () => {
    expect(deadLetterEntry('invalid event: x', { source: 'pricing.outbox' }, '{}')).toEqual({
      stream: 'events:dead-letter', fields: { reason: 'invalid event: x', source: 'pricing.outbox', data: '{}' },
    });
  });
});
