import { UpstreamError } from '../../../lib/resilience/index.js';

// Carrier answers are checked before use: a malformed answer is BAD_RESPONSE, never a crash.

export function expectArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw badResponse(what, 'an array');
  return value;
}

export function expectObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badResponse(what, 'an object');
  return value as Record<string, unknown>;
}

export function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw badResponse(what, 'a string');
  return value;
}

export function expectInt(value: unknown, what: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw badResponse(what, `an integer >= ${min}`);
  return value;
}

export function expectCurrency(value: unknown, what: string): string {
  const currency = expectString(value, what);
  if (!/^[A-Z]{3}$/.test(currency)) throw badResponse(what, 'an ISO 4217 code');
  return currency;
}

/** "12.30" → 1230 without going through a float. */
export function decimalToMinorUnits(value: unknown, what: string): number {
  const text = expectString(value, what);
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw badResponse(what, 'a decimal amount');
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

const badResponse = (what: string, expected: string) => new UpstreamError('BAD_RESPONSE', `${what} is not ${expected}`);
