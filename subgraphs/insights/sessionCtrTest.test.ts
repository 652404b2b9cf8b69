import { describe, expect, it } from 'vitest';
import { sessionCtrTest, sessionSums } from './sessionCtrTest.js';
import { twoProportionTest } from './twoProportionTest.js';

describe('sessionCtrTest', () => {
  it('matches a hand computation when every session searches once', () => {
    // 2 of 4 against 3 of 4: variances (1/3)/4 and (1/4)/4, se 0.3819, z 0.6547, p 0.513.
    const result = sessionCtrTest(sessionSums([[0, 1], [1, 1], [0, 1], [1, 1]]), sessionSums([[1, 1], [1, 1], [1, 1], [0, 1]]))!;
    expect(result.z).toBeCloseTo(0.6547, 3);
    expect(result.pValue).toBeCloseTo(0.513, 3);
  });

  it('counts a session that searches often as one unit, where the pooled test would see many trials', () => {
    // Per variant, one heavy session decides everything: 20 searches each.
    const a = sessionSums([[0, 20], [20, 20], [0, 20], [1, 1], [0, 1]]);
    const b = sessionSums([[20, 20], [20, 20], [0, 20], [0, 1], [1, 1]]);
    const clustered = sessionCtrTest(a, b)!;
    const pooled = twoProportionTest({ successes: a.clicked, trials: a.searches }, { successes: b.clicked, trials: b.searches })!;
    expect(pooled.pValue).toBeLessThan(0.01); // "significant" if searches were independent
    expect(clustered.pValue).toBeGreaterThan(0.3); // five sessions a side say little
    expect(Math.sign(clustered.z)).toBe(Math.sign(pooled.z));
  });

  it('has no answer with fewer than two sessions a side, or no spread at all', () => {
    expect(sessionCtrTest(sessionSums([[1, 2]]), sessionSums([[1, 2], [0, 2]]))).toBeUndefined();
    expect(sessionCtrTest(sessionSums([[1, 2], [1, 2]]), sessionSums([[2, 2], [2, 2]]))).toBeUndefined();
  });
});
