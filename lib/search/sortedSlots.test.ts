import { describe, expect, it } from 'vitest';
import { SortedSlots } from './sortedSlots.js';

describe('SortedSlots', () => {
  const price = Float64Array.from([500, Number.NaN, 100, 300, 300, 900]);
  const alive = Uint8Array.from([1, 1, 1, 1, 1, 0]);
  const byPrice = (a: number, b: number) => {
    const pa = price[a]!;
    const pb = price[b]!;
    if (pa !== pa || pb !== pb) return pa !== pa ? (pb !== pb ? a - b : 1) : -1;
    return pa - pb || a - b;
  };
  const order = SortedSlots.build(alive, alive.length, byPrice, 0, price);
  const slots = (min: number, max: number) => {
    const { from, to } = order.range(min, max);
    return [...order.order.subarray(from, to)];
  };

  it('finds a key range by binary search, bounds inclusive, products without a key never', () => {
    expect([...order.order]).toEqual([2, 3, 4, 0, 1]); // dead slot 5 left out, no price last
    expect(slots(300, 300)).toEqual([3, 4]);
    expect(slots(101, 499)).toEqual([3, 4]);
    expect(slots(0, Infinity)).toEqual([2, 3, 4, 0]);
    expect(slots(-Infinity, 99)).toEqual([]);
    expect(slots(600, 400)).toEqual([]);
  });

  it('pages slots written since the build at their new place, and skips their old one', () => {
    const marks = new Uint8Array(alive.length);
    price[2] = 700; // slot 2 moves from first to last but one
    const page = order.walk((slot) => alive[slot] === 1, [2], marks, 0, 5, byPrice);
    expect(page).toEqual([3, 4, 0, 2, 1]);
    expect(order.walk((slot) => alive[slot] === 1, [2], marks, 1, 3, byPrice)).toEqual([4, 0]);
    expect([...marks]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('gives up when the page is not complete within its budget of steps', () => {
    const marks = new Uint8Array(alive.length);
    expect(order.walk((slot) => slot === 1, [], marks, 0, 1, byPrice, 3)).toBeNull();
    expect(order.walk((slot) => slot === 1, [], marks, 0, 1, byPrice, 5)).toEqual([1]);
    expect(order.walk((slot) => slot === 1, [], marks, 0, 2, byPrice, 5)).toEqual([1]); // the whole order walked: complete
  });
});
