import { badUserInput } from '../../lib/errors/index.js';
import type { SearchLogFilters } from '../../lib/events/index.js';
import type { SearchFilters as IndexFilters, SearchQuery } from '../../lib/search/index.js';
import { assertCategoryId, assertCurrency, assertPageSize, decodeCursor } from '../../lib/validation/index.js';
import type { QuerySearchArgs } from './generated/types.js';

/** Largest `first`. */
export const MAX_FIRST = 100;
/** Deepest hit a page may reach (as Elasticsearch's `max_result_window`). */
export const MAX_DEPTH = 10_000;
/** Longest query text, in characters. */
export const MAX_QUERY_LENGTH = 200;
/** Most values in one list filter. */
export const MAX_FILTER_VALUES = 50;
/** Largest amount (GraphQL Int is 32-bit). */
const MAX_AMOUNT = 2_000_000_000;

function list<T>(values: readonly T[] | null | undefined, field: string): readonly T[] | undefined {
  if (values === null || values === undefined) return undefined;
  if (values.length > MAX_FILTER_VALUES) throw badUserInput(`${field} takes at most ${MAX_FILTER_VALUES} values (got ${values.length})`, field);
  return values.length === 0 ? undefined : values;
}

function amount(value: number | null | undefined, field: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 0 || value > MAX_AMOUNT) throw badUserInput(`${field} must be from 0 to ${MAX_AMOUNT} minor units (got ${value})`, field);
  return value;
}

/**
 * Validates the client's `search` arguments into an index query; every problem is a
 * BAD_USER_INPUT naming the field. An empty query with no filters is allowed: it browses
 * the whole catalog in the chosen order.
 */
export function toSearchQuery(args: QuerySearchArgs, indexedCurrencies: readonly string[]): SearchQuery {
  const text = (args.query ?? '').trim();
  if (text.length > MAX_QUERY_LENGTH) throw badUserInput(`query must be at most ${MAX_QUERY_LENGTH} characters (got ${text.length})`, 'query');
  const limit = assertPageSize(args.first ?? 24, MAX_FIRST);
  const offset = args.after ? decodeCursor(args.after) : 0;
  if (offset + limit > MAX_DEPTH) throw badUserInput(`pages reach at most ${MAX_DEPTH} hits deep; narrow the search instead`, 'after');

  const input = args.filters ?? {};
  const filters: { -readonly [K in keyof IndexFilters]: IndexFilters[K] } = {};
  const categoryIds = list(input.categoryIds, 'filters.categoryIds');
  if (categoryIds) filters.categoryIds = categoryIds.map((id) => assertCategoryId(id, 'filters.categoryIds'));
  const brands = list(input.brands, 'filters.brands');
  if (brands) {
    if (brands.some((b) => b.trim() === '' || b.length > 100)) throw badUserInput('filters.brands must be non-empty names of at most 100 characters', 'filters.brands');
    filters.brands = brands;
  }
  if (input.price) {
    const currency = assertCurrency(input.price.currency ?? 'EUR', 'filters.price.currency');
    if (!indexedCurrencies.includes(currency)) {
      throw badUserInput(`filters.price.currency ${currency} is not searchable (use one of ${indexedCurrencies.join(', ')})`, 'filters.price.currency');
    }
    const min = amount(input.price.min, 'filters.price.min');
    const max = amount(input.price.max, 'filters.price.max');
    if (min !== undefined && max !== undefined && min > max) throw badUserInput(`filters.price.min (${min}) must not exceed max (${max})`, 'filters.price');
    filters.price = { currency, min, max };
  }
  if (input.inStock !== null && input.inStock !== undefined) filters.inStock = input.inStock;
  return { text, filters, sort: args.sort ?? 'RELEVANCE', offset, limit, ...(filters.price ? { currency: filters.price.currency } : {}) };
}

const SESSION = /^[A-Za-z0-9_-]{8,64}$/;

/** The storefront's anonymous session id, checked; null when none was sent. */
export function assertSession(session: string | null | undefined): string | null {
  if (session === null || session === undefined) return null;
  if (!SESSION.test(session)) throw badUserInput('session must be 8 to 64 letters, digits, - or _', 'session');
  return session;
}

/** The filters of a search as the query log records them. */
export const logFilters = (filters: IndexFilters | undefined): SearchLogFilters => ({
  categoryIds: [...(filters?.categoryIds ?? [])],
  brands: [...(filters?.brands ?? [])],
  priceMin: filters?.price?.min ?? null,
  priceMax: filters?.price?.max ?? null,
  currency: filters?.price?.currency ?? null,
  inStock: filters?.inStock ?? null,
});
