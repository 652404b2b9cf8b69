import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.js';

const stock = [
  { warehouseId: 'wh-fr', country: 'FR', available: 3 },
  { warehouseId: 'wh-de-1', country: 'DE', available: 2 },
  { warehouseId: 'wh-de-2', country: 'DE', available: 5 },
  { warehouseId: 'wh-nl', country: 'NL', available: 9 },
];

describe('allocate', () => {
  it('prefers the destination country, largest stock first', () => {
    expect(allocate(4, stock, 'DE')).toEqual({ allocations: [{ warehouseId: 'wh-de-2', quantity: 4 }], shortfall: 0 });
  });

  it('splits a line across warehouses, leaving the country only when its stock runs out', () => {
    expect(allocate(12, stock, 'DE')).toEqual({
      allocations: [{ warehouseId: 'wh-de-2', quantity: 5 }, { warehouseId: 'wh-de-1', quantity: 2 }, { warehouseId: 'wh-nl', quantity: 5 }],
      shortfall: 0,
    });
  });

  it('takes the largest stock first without a destination, and reports what is missing', () => {
    expect(allocate(9, stock)).toEqual({ allocations: [{ warehouseId: 'wh-nl', quantity: 9 }], shortfall: 0 });
    expect(allocate(20, stock, 'FR')).toMatchObject({ shortfall: 1 });
  });

  it('skips warehouses with nothing available', () => {
    expect(allocate(1, [{ warehouseId: 'a', country: 'DE', available: 0 }, { warehouseId: 'b', country: 'FR', available: 1 }], 'DE'))
      .toEqual({ allocations: [{ warehouseId: 'b', quantity: 1 }], shortfall: 0 });
  });
});
