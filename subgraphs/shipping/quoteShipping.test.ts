import { describe, expect, it } from 'vitest';
import { packParcel } from './packParcel.js';
import { parseDestination, parseItems } from './quoteShipping.js';

describe('parseDestination', () => {
  it('normalises the country and postal code', () => {
    expect(parseDestination({ country: ' de', postalCode: '10115' })).toEqual({ country: 'DE', postalCode: '10115' });
    expect(parseDestination({ country: 'GB', postalCode: 'sw1a 1aa' })).toEqual({ country: 'GB', postalCode: 'SW1A 1AA' });
  });

  it.each([
    [{ country: 'XX', postalCode: '1' }, 'destination.country'],
    [{ country: 'Germany', postalCode: '10115' }, 'destination.country'],
    [{ country: 'DE', postalCode: '1011' }, 'destination.postalCode'],
    [{ country: 'NZ', postalCode: '' }, 'destination.postalCode'],
  ])('refuses %j with BAD_USER_INPUT on %s', (input, field) => {
    expect(() => parseDestination(input)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field } }));
  });
});

describe('parseItems', () => {
  it('merges repeated products', () => {
    expect(parseItems([{ productId: 'p-1', quantity: 2 }, { productId: 'p-1', quantity: 3 }, { productId: 'p-2', quantity: 1 }]))
      .toEqual(new Map([['p-1', 5], ['p-2', 1]]));
  });

  it.each([
    [[], 'items'],
    [[{ productId: 'p-1', quantity: 0 }], 'items[0].quantity'],
    [[{ productId: 'p-1', quantity: 101 }], 'items[0].quantity'],
    [[{ productId: 'p-1', quantity: 60 }, { productId: 'p-1', quantity: 60 }], 'items'],
    [[{ productId: 'sku-1', quantity: 1 }], 'items[0].productId'],
    [Array.from({ length: 51 }, (_, i) => ({ productId: `p-${i + 1}`, quantity: 1 })), 'items'],
  ])('refuses %j with BAD_USER_INPUT on %s', (items, field) => {
    expect(() => parseItems(items)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field } }));
  });
});

describe('packParcel', () => {
  it('adds weights, stacks heights and keeps the largest footprint', () => {
    const a = { id: 'p-1', weightGrams: 500, dimensions: { lengthMm: 300, widthMm: 100, heightMm: 50 } };
    const b = { id: 'p-2', weightGrams: 200, dimensions: { lengthMm: 100, widthMm: 250, heightMm: 20 } };
    expect(packParcel([{ product: a, quantity: 2 }, { product: b, quantity: 1 }]))
      .toEqual({ weightGrams: 1200, lengthMm: 300, widthMm: 250, heightMm: 120 });
  });
});
