import { normalCdf } from './twoProportionTest.js';

/** One variant's sessions, summed: n, Σ searches (y), Σ searches clicked (x), and Σy², Σx², Σxy. */
export interface SessionSums {
  readonly sessions: number;
  readonly searches: number;
  readonly clicked: number;
  readonly searchesSquared: number;
  readonly clickedSquared: number;
  readonly product: number;
}

/** The delta-method variance of the click-through rate Σx / Σy when sessions are the independent units. */
function ratioVariance(s: SessionSums): number {
  const n = s.sessions;
  const meanX = s.clicked / n;
  const meanY = s.searches / n;
  const rate = s.clicked / s.searches;
  const varX = (s.clickedSquared - n * meanX * meanX) / (n - 1);
  const varY = (s.searchesSquared - n * meanY * meanY) / (n - 1);
  const cov = (s.product - n * meanX * meanY) / (n - 1);
  return Math.max(0, (varX - 2 * rate * cov + rate * rate * varY) / (n * meanY * meanY));
}

/**
 * Is B's click-through rate different from A's, with sessions (what an experiment randomizes)
 * as the units? A z-test on the difference of the two ratios, each ratio's variance by the delta
 * method, so a session that searches many times weighs as one correlated cluster, not as many
 * independent trials. `z` > 0 when B's rate is higher; `pValue` two-sided. Undefined with fewer
 * than two sessions or no searches on a side, or when both variances are 0 (every session alike):
 * there is nothing to estimate the spread from.
 */
export function sessionCtrTest(a: SessionSums, b: SessionSums): { z: number; pValue: number } | undefined {
  if (a.sessions < 2 || b.sessions < 2 || a.searches === 0 || b.searches === 0) return undefined;
  const se = Math.sqrt(ratioVariance(a) + ratioVariance(b));
  if (!(se > 0)) return undefined;
  const z = (b.clicked / b.searches - a.clicked / a.searches) / se;
  return { z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/** Sums over sessions given as [clicked, searches] pairs (tests, and what the SQL computes). */
export const sessionSums = (sessions: readonly (readonly [number, number])[]): SessionSums => ({
  sessions: sessions.length,
  searches: sessions.reduce((n, [, y]) => n + y, 0),
  clicked: sessions.reduce((n, [x]) => n + x, 0),
  searchesSquared: sessions.reduce((n, [, y]) => n + y * y, 0),
  clickedSquared: sessions.reduce((n, [x]) => n + x * x, 0),
  product: sessions.reduce((n, [x, y]) => n + x * y, 0),
});
