import { badUserInput } from '../errors/index.js';
import { COUNTRY_CODES } from './countries.js';

const PRODUCT_ID = /^p-[1-9][0-9]{0,9}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID (carts', orders' ids): anything else names nothing, so lookups can answer "not found" without a query. */
export const isUuid = (id: string): boolean => UUID.test(id);
const CATEGORY_ID = /^c-[1-9][0-9]{0,9}$/;

/** Throws BAD_USER_INPUT unless `id` looks like a product id (`p-<n>`). */
export function assertProductId(id: string, field = 'productId'): string {
  if (!PRODUCT_ID.test(id)) throw badUserInput(`${field} ${JSON.stringify(id)} is not a product id (expected p-<number>)`, field);
  return id;
}

/** Throws BAD_USER_INPUT unless `id` looks like a category id (`c-<n>`). */
export function assertCategoryId(id: string, field = 'categoryId'): string {
  if (!CATEGORY_ID.test(id)) throw badUserInput(`${field} ${JSON.stringify(id)} is not a category id (expected c-<number>)`, field);
  return id;
}

/** Throws BAD_USER_INPUT unless `first` is within 1..max. */
export function assertPageSize(first: number, max: number, field = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > max) throw badUserInput(`${field} must be from 1 to ${max} (got ${first})`, field);
  return first;
}

/** Opaque cursor for keyset pagination over a numeric sort key. */
export function encodeCursor(key: number | string): string {
  return Buffer.from(`k:${key}`).toString('base64url');
}

/** Decodes {@link encodeCursor}; a malformed cursor is BAD_USER_INPUT. */
export function decodeCursor(cursor: string, field = 'after'): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^k:(\d{1,15})$/.exec(text);
  if (!match) throw badUserInput(`${field} is not a valid cursor`, field);
  return Number(match[1]);
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Throws BAD_USER_INPUT unless `code` is an ISO 4217 currency code. */
export function assertCurrency(code: string, field = 'currency'): string {
  if (!/^[A-Z]{3}$/.test(code) || !CURRENCIES.has(code)) {
    throw badUserInput(`${field} ${JSON.stringify(code)} is not an ISO 4217 currency code`, field);
  }
  return code;
}

/** Earliest and latest instants a timestamp input may name (PostgreSQL has no year 0; years past 9999 do not print as ISO 8601). */
export const TIMESTAMP_RANGE = Object.freeze({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses an ISO 8601 timestamp (a date, or a date and time with an optional offset) or
 * throws BAD_USER_INPUT: the date must exist on the calendar (no February 30th, which
 * `Date` would roll over into March), the time must be a real one, and the instant must
 * fall within {@link TIMESTAMP_RANGE}. null/undefined pass through as null.
 */
export function parseTimestamp(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  const invalid = (why: string) => badUserInput(`${field} ${JSON.stringify(value.slice(0, 64))} ${why}`, field);
  const match = typeof value === 'string' && value.length <= 64 ? ISO_TIMESTAMP.exec(value) : null;
  if (!match) throw invalid('is not an ISO 8601 timestamp');
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const calendar = new Date(Date.UTC(2000, month! - 1, day!));
  calendar.setUTCFullYear(year!);
  if (month! < 1 || month! > 12 || calendar.getUTCMonth() !== month! - 1 || calendar.getUTCDate() !== day) throw invalid('is not a date on the calendar');
  if (hour > 23 || minute > 59 || second > 59) throw invalid('is not a time of day');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid('is not an ISO 8601 timestamp');
  if (date.getTime() < TIMESTAMP_RANGE.min || date.getTime() > TIMESTAMP_RANGE.max) throw invalid('is out of range (1970-01-01 to 9999-12-31)');
  return date;
}

/**
 * Trims `value` and throws BAD_USER_INPUT unless it is 1..`maxLength` characters of text a
 * store can hold: no NUL or other control characters besides tab, newline and carriage return.
 */
export function assertText(value: string, field: string, maxLength: number): string {
  const text = value.trim();
  if (text.length === 0 || text.length > maxLength) throw badUserInput(`${field} must be 1 to ${maxLength} characters`, field);
  if (CONTROL_CHARACTERS.test(text)) throw badUserInput(`${field} must not contain control characters`, field);
  return text;
}

/** NUL and the other C0 controls except tab, newline and carriage return, and DEL. */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Throws BAD_USER_INPUT unless `code` is an ISO 3166-1 alpha-2 country code (upper case). */
export function assertCountryCode(code: string, field = 'country'): string {
  if (!/^[A-Z]{2}$/.test(code) || !COUNTRY_CODES.has(code)) {
    throw badUserInput(`${field} ${JSON.stringify(code)} is not an ISO 3166-1 alpha-2 country code`, field);
  }
  return code;
}

const POSTAL_CODES: Readonly<Record<string, RegExp>> = {
  DE: /^\d{5}$/, FR: /^\d{5}$/, IT: /^\d{5}$/, ES: /^\d{5}$/, AT: /^\d{4}$/, CH: /^\d{4}$/, BE: /^\d{4}$/,
  DK: /^\d{4}$/, NL: /^\d{4} ?[A-Z]{2}$/, PL: /^\d{2}-\d{3}$/, US: /^\d{5}(-\d{4})?$/,
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/, CA: /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/,
};

/**
 * Normalises a postal code (trimmed, upper case) and throws BAD_USER_INPUT unless it fits
 * the country's format (known for the main markets; elsewhere 2..10 letters, digits, spaces or dashes).
 */
export function assertPostalCode(country: string, postalCode: string, field = 'postalCode'): string {
  const normalized = postalCode.trim().toUpperCase();
  const format = (Object.hasOwn(POSTAL_CODES, country) ? POSTAL_CODES[country] : undefined) ?? /^[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]$/;
  if (!format.test(normalized)) throw badUserInput(`${field} ${JSON.stringify(postalCode)} is not a valid postal code for ${country}`, field);
  return normalized;
}
export { textInputPlugin } from './textInputPlugin.js';
