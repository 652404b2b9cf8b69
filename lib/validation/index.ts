import { badUserInput } from '../errors/index.js';
import { COUNTRY_CODES } from './countries.js';

const PRODUCT_ID = /^p-[1-9][0-9]{0,9}$/;
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

/** Parses an ISO 8601 timestamp or throws BAD_USER_INPUT; null/undefined pass through as null. */
export function parseTimestamp(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw badUserInput(`${field} ${JSON.stringify(value)} is not an ISO 8601 timestamp`, field);
  }
  return date;
}

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
  const format = POSTAL_CODES[country] ?? /^[A-Z0-9][A-Z0-9 -]{0,8}[A-Z0-9]$/;
  if (!format.test(normalized)) throw badUserInput(`${field} ${JSON.stringify(postalCode)} is not a valid postal code for ${country}`, field);
  return normalized;
}
