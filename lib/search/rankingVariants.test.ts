import { describe, expect, it } from 'vitest';
import { fromRoot } from '../paths.js';
import { DEFAULT_RANKING } from './ranking.js';
import { assignVariant, loadRankingVariants, parseRankingVariants } from './rankingVariants.js';

const config = parseRankingVariants({
  variants: { boosted: { inStockBoost: 1 }, fresh: { recencyBoost: 0.5 } },
  experiments: [
    { id: 'old-test', variants: { default: 1, fresh: 1 } },
    { id: 'stock', variants: { default: 3, boosted: 1 }, running: true },
  ],
});

describe('assignVariant', () => {
  it('gives one session the same variant on every search, and splits sessions by weight', () => {
    expect(assignVariant(config, 'session-a')).toEqual(assignVariant(config, 'session-a'));
    const counts = { default: 0, boosted: 0 };
    for (let i = 0; i < 20_000; i++) counts[assignVariant(config, `s-${i}`).variant as keyof typeof counts]++;
    // 3:1 within a percentage point either way.
    expect(counts.boosted / 20_000).toBeGreaterThan(0.24);
    expect(counts.boosted / 20_000).toBeLessThan(0.26);
    expect(assignVariant(config, 's-1')).toMatchObject({ experimentId: 'stock' });
  });

  it('ranks with default outside any experiment: no session, or no experiment running', () => {
    expect(assignVariant(config, undefined)).toEqual({ variant: 'default', ranking: DEFAULT_RANKING, experimentId: null });
    const stopped = parseRankingVariants({ variants: { fresh: { recencyBoost: 1 } }, experiments: [{ id: 'x', variants: { default: 1, fresh: 1 } }] });
    expect(assignVariant(stopped, 'session-a')).toMatchObject({ variant: 'default', experimentId: null });
  });
});

describe('parseRankingVariants', () => {
  it('lists every problem of a bad file at once', () => {
    let problems: readonly string[] = [];
    try {
      parseRankingVariants({
        variants: { default: {}, Bad: {}, ok: { nameBoost: 'high' } },
        experiments: [{ id: 'a', variants: { default: 1, missing: 0 }, running: true }, { id: 'b', variants: { default: 1, ok: 1 }, running: true }],
      });
    } catch (error) {
      expect(error).toMatchObject({ code: 'SEARCH_RANKING_INVALID' });
      problems = (error as { problems: string[] }).problems;
    }
    expect(problems.join('\n')).toMatch(/default is built in/);
    expect(problems.join('\n')).toMatch(/"Bad" must be lowercase/);
    expect(problems.join('\n')).toMatch(/nameBoost must be a number/);
    expect(problems.join('\n')).toMatch(/unknown variant missing/);
    expect(problems.join('\n')).toMatch(/weight of missing/);
    expect(problems.join('\n')).toMatch(/at most one experiment may run/);
  });

  it('reads the shipped file (stack/ranking.json)', async () => {
    const shipped = await loadRankingVariants(fromRoot('stack', 'ranking.json'));
    expect(shipped.variants.get('default')).toEqual(DEFAULT_RANKING);
    expect(shipped.experiments.filter((e) => e.running)).toHaveLength(1);
  });
});
