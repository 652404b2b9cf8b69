/** The standard normal CDF, by Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  if (z === 0) return 0.5;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two-proportion z-test (pooled): is the rate `successes / trials` of B different from A's?
 * `z` > 0 when B's rate is higher; `pValue` is two-sided. Undefined when either has no trials;
 * z 0 and p 1 when the pooled rate is 0 or 1 (nothing to tell apart).
 */
export function twoProportionTest(a: { successes: number; trials: number }, b: { successes: number; trials: number }): { z: number; pValue: number } | undefined {
  if (a.trials === 0 || b.trials === 0) return undefined;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  if (se === 0) return { z: 0, pValue: 1 };
  const z = (b.successes / b.trials - a.successes / a.trials) / se;
  return { z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}
