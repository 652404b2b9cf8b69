import { describe, expect, it } from 'vitest';
import { normalCdf, twoProportionTest } from './twoProportionTest.js';

describe('twoProportionTest', () => {
  it('matches the textbook figures: 20% against 25% of 1000 each is z 2.68, p 0.0074', () => {
    const result = twoProportionTest({ successes: 200, trials: 1000 }, { successes: 250, trials: 1000 })!;
    expect(result.z).toBeCloseTo(2.677, 2);
    expect(result.pValue).toBeCloseTo(0.0074, 3);
    // The other way round: same p, negative z.
    expect(twoProportionTest({ successes: 250, trials: 1000 }, { successes: 200, trials: 1000 })!.z).toBeCloseTo(-2.677, 2);
  });

  it('finds no difference in equal rates, and has no answer without trials', () => {
    expect(twoProportionTest({ successes: 30, trials: 100 }, { successes: 30, trials: 100 })).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionTest({ successes: 0, trials: 100 }, { successes: 0, trials: 50 })).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionTest({ successes: 0, trials: 0 }, { successes: 3, trials: 10 })).toBeUndefined();
  });

  it('computes the normal CDF to within 1e-6', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});
