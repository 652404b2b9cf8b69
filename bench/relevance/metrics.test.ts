import { describe, expect, it } from 'vitest';
import { ndcgAt10, precisionAt10, summarize } from './metrics.js';

const judged = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('ndcgAt10', () => {
  it('is 1 for the ideal ranking and less when a better product ranks lower', () => {
    const judgments = judged({ a: 3, b: 2, c: 1 });
    expect(ndcgAt10(['a', 'b', 'c'], judgments)).toBeCloseTo(1, 10);
    // DCG = 3/1 + 7/log2(3) + 1/2 = 7.91650; ideal = 7 + 3/log2(3) + 1/2 = 9.39279
    expect(ndcgAt10(['b', 'a', 'c'], judgments)).toBeCloseTo(7.9165 / 9.39279, 4);
  });

  it('gives unjudged products no gain but lets them push the relevant ones down', () => {
    // DCG = 0 + 7/log2(3) = 4.41650; ideal = 7
    expect(ndcgAt10(['x', 'a'], judged({ a: 3 }))).toBeCloseTo(4.4165 / 7, 4);
    expect(ndcgAt10([], judged({ a: 3 }))).toBe(0);
  });

  it('counts only the first 10 ranks', () => {
    const ranked = [...Array.from({ length: 10 }, (_, i) => `x${i}`), 'a'];
    expect(ndcgAt10(ranked, judged({ a: 3 }))).toBe(0);
  });

  it('scores a query that should find nothing 1 when nothing is returned, else 0', () => {
    expect(ndcgAt10([], judged({}))).toBe(1);
    expect(ndcgAt10(['a'], judged({}))).toBe(0);
  });
});

describe('precisionAt10', () => {
  it('counts grade 2 and above among the first 10 ranks, over 10', () => {
    expect(precisionAt10(['a', 'b', 'c', 'd'], judged({ a: 3, b: 2, c: 1 }))).toBe(0.2);
    expect(precisionAt10(Array.from({ length: 12 }, (_, i) => `p${i}`), judged({ p0: 2, p11: 3 }))).toBe(0.1);
  });
});

describe('summarize', () => {
  it('averages the metrics and the share of queries with no results', () => {
    const summary = summarize([
      { ranked: ['a'], judgments: judged({ a: 3 }) },
      { ranked: [], judgments: judged({ a: 3 }) },
    ]);
    expect(summary).toEqual({ queries: 2, ndcg: 0.5, precision: 0.05, zeroResultRate: 0.5 });
  });
});
