import type { SearchDocument, SearchIndex } from '../../../lib/search/SearchIndex.js';

/** Progress of a reindex, after each batch. */
export interface ReindexProgress {
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
}

/**
 * Rebuilds `index` from `source` into a new version and makes it live only when every batch
 * is in (alias swap / snapshot rename); on failure the half-built version is dropped and the
 * live index is untouched. @returns the number of documents indexed.
 */
export async function reindex(
  index: SearchIndex,
  source: AsyncIterable<readonly SearchDocument[]>,
  options: { total?: number; onProgress?: (progress: ReindexProgress) => void } = {},
): Promise<number> {
  const started = performance.now();
  const session = await index.beginReindex();
  let done = 0;
  try {
    for await (const batch of source) {
      await session.upsert(batch);
      done += batch.length;
      options.onProgress?.({ done, total: Math.max(options.total ?? done, done), elapsedMs: performance.now() - started });
    }
  } catch (error) {
    await session.abort();
    throw error;
  }
  await session.commit();
  return done;
}
