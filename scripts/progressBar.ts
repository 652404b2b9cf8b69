/** Formats seconds as `1h02m03s`, `2m03s` or `3s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m${String(rest).padStart(2, '0')}s` : m > 0 ? `${m}m${String(rest).padStart(2, '0')}s` : `${rest}s`;
}

/** One line of progress: `[#####-----]  50% 1000/2000  812/s  ETA 1s`. */
export function renderProgress(done: number, total: number, elapsedMs: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${total}  ${Math.round(rate)}/s  ETA ${formatDuration(eta)}`;
}
