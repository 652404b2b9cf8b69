import { describe, expect, it } from 'vitest';
import { assertCurrency, assertPostalCode, assertProductId, assertText, decodeCursor, encodeCursor, parseTimestamp } from './index.js';

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

  it('refuses postal codes for countries named like Object.prototype keys with BAD_USER_INPUT', () => {
    for (const country of ['__proto__', 'constructor', 'toString']) {
      expect(() => assertPostalCode(country, '12345')).not.toThrow();
      expect(() => assertPostalCode(country, '#')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
    }
  });

  it.each([
    '0000-01-01T00:00:00Z', '2024-02-30T10:00:00Z', '2023-02-29', '2024-13-01T00:00:00Z', '2024-04-31', '2024-01-01T24:00:00Z',
    '1969-12-31T23:59:59Z', '+010000-01-01T00:00:00Z', '2024-01-01T00:00:00Zjunk', '2024-1-1',
  ])('refuses the timestamp %s with BAD_USER_INPUT (issue 15 item 7)', (value) => {
    expect(() => parseTimestamp(value, 'saleValidFrom')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'saleValidFrom' }) }));
  });

  it('accepts real calendar dates, leap days and offsets', () => {
    expect(parseTimestamp('2024-02-29T12:00:00Z', 'f')!.toISOString()).toBe('2024-02-29T12:00:00.000Z');
    expect(parseTimestamp('2026-06-01T10:00:00+02:00', 'f')!.toISOString()).toBe('2026-06-01T08:00:00.000Z');
    expect(parseTimestamp('2026-06-01', 'f')!.toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('refuses text with NUL or control characters and text of the wrong length (issue 15 item 7)', () => {
    expect(assertText('  receipt\n', 'reason', 200)).toBe('receipt');
    for (const bad of ['a\u0000b', 'a\u0007', '\u001b[31m', '', '   ', 'x'.repeat(201)]) {
      expect(() => assertText(bad, 'reason', 200)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'reason' }) }));
    }
  });
});
