/** The `p`-th percentile (0..100) of `values` (nearest rank); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A closed time interval in ms since the epoch. */
export interface Window {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  /** For fault windows: the fault's kind (stack/chaos/faults.ts). */
  readonly kind?: string;
  /** When the fault's recovery finished (the restarted process was ready), for fault windows. */
  readonly recoveredAt?: number;
}

export const within = (t: number, windows: readonly Window[]) => windows.find((w) => t >= w.from && t <= w.to);
