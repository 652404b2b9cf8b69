import { describe, expect, it } from 'vitest';
import { assertCurrency, assertProductId, decodeCursor, encodeCursor, parseTimestamp } from './index.js';

describe('validation', () => {
  it('round-trips cursors and refuses forged ones with BAD_USER_INPUT', () => {
    expect(decodeCursor(encodeCursor(1234))).toBe(1234);
    expect(() => decodeCursor(Buffer.from('k:-1').toString('base64url'))).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });

  it('accepts ISO 4217 codes only', () => {
    expect(assertCurrency('EUR')).toBe('EUR');
    expect(() => assertCurrency('eur')).toThrow(/ISO 4217/);
    expect(() => assertCurrency('ABC')).toThrow(/ISO 4217/);
  });

  it('checks id shapes and timestamps', () => {
    expect(assertProductId('p-12')).toBe('p-12');
    expect(() => assertProductId('p-012')).toThrow(/product id/);
    expect(parseTimestamp('2026-01-01T00:00:00Z', 'f')!.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(() => parseTimestamp('tomorrow', 'f')).toThrow(/ISO 8601/);
  });
});
