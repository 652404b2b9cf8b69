import type { EventStoreReader } from '../../../lib/eventStore/index.js';
import type { ProductEvent } from '../../../lib/events/index.js';
import type { SearchIndex } from '../../../lib/search/SearchIndex.js';
import type { CategoryPaths } from './applyEvent.js';
import { createSearchDocumentFold, SEARCH_REPLAY_TYPES } from './eventDocuments.js';
import { reindex } from './reindex.js';

/** Progress of a replay: reading (and folding) the events, then writing the new index version; `elapsedMs` is the phase's. */
export interface ReplayProgress {
  readonly phase: 'events' | 'documents';
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
}

/**
 * Rebuilds `index` from the event store alone: folds every product event into documents, then
 * writes them into a new index version that goes live only when complete (as a reindex does;
 * the live index is untouched on failure). Category paths are reference data with no events:
 * they come from catalog. @returns events read and documents indexed.
 */
export async function replaySearchIndex(
  index: SearchIndex,
  events: EventStoreReader,
  categoryPaths: CategoryPaths,
  options: { now?: Date; onProgress?: (progress: ReplayProgress) => void } = {},
): Promise<{ events: number; documents: number }> {
  let phaseStarted = performance.now();
  const elapsedMs = () => performance.now() - phaseStarted;
  const total = await events.count({ types: SEARCH_REPLAY_TYPES });
  const fold = createSearchDocumentFold(categoryPaths, options.now);
  let read = 0;
  for await (const batch of events.scan({ types: SEARCH_REPLAY_TYPES })) {
    fold.apply(batch.map((stored) => stored.event as ProductEvent));
    read += batch.length;
    options.onProgress?.({ phase: 'events', done: read, total: Math.max(total, read), elapsedMs: elapsedMs() });
  }
  const documents = fold.documents();
  phaseStarted = performance.now();
  const indexed = await reindex(index, inBatches(documents, 2000), {
    total: documents.length,
    onProgress: ({ done, total: all }) => options.onProgress?.({ phase: 'documents', done, total: all, elapsedMs: elapsedMs() }),
  });
  return { events: read, documents: indexed };
}

async function* inBatches<T>(items: readonly T[], size: number): AsyncGenerator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
