import { describe, expect, it } from 'vitest';
import { formatDuration, renderProgress } from './progressBar.js';

describe('renderProgress', () => {
  it('shows the bar, percentage, counts, rate and ETA', () => {
    expect(renderProgress(500, 2000, 2000, 10)).toBe('[###-------]  25% 500/2000  250/s  ETA 6s');
    expect(renderProgress(2000, 2000, 4000, 10)).toBe('[##########] 100% 2000/2000  500/s  ETA 0s');
  });

  it('does not divide by zero before the first batch', () => {
    expect(renderProgress(0, 100, 0, 4)).toBe('[----]   0% 0/100  0/s  ETA ?');
  });

  it('formats long durations', () => {
    expect(formatDuration(3723)).toBe('1h02m03s');
    expect(formatDuration(125)).toBe('2m05s');
  });
});
