import type { CategorySuggestions } from './categorySuggestions.js';
import type { SearchIndex, SearchResult } from '../../lib/search/index.js';

export interface SearchContext {
  readonly index: SearchIndex;
  /** Categories by name, when the process reads catalog's views. */
  readonly categories?: CategorySuggestions;
}

/** One page of hits and the offset it starts at (cursors are offsets). */
export interface SearchPage {
  readonly result: SearchResult;
  readonly offset: number;
  /** When the text found nothing: a close query that finds something. */
  readonly didYouMean: string | null;
}
