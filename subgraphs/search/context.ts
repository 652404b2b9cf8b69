import type { CategorySuggestions } from './categorySuggestions.js';
import type { RankingVariants, SearchIndex, SearchResult } from '../../lib/search/index.js';
import type { SubgraphCaller } from '../../lib/subgraph/index.js';
import type { SearchLogSink } from './searchLogSender.js';

export interface SearchContext extends Partial<SubgraphCaller> {
  readonly index: SearchIndex;
  /** Categories by name, when the process reads catalog's views. */
  readonly categories?: CategorySuggestions;
  /** The ranking variants and the running experiment (SEARCH_RANKING_PATH). */
  readonly ranking: RankingVariants;
  /** Where each search is logged (the insights subgraph); none: searches are not logged. */
  readonly searchLog?: SearchLogSink;
}

/** One page of hits and the offset it starts at (cursors are offsets). */
export interface SearchPage {
  readonly result: SearchResult;
  readonly offset: number;
  /** When the text found nothing: a close query that finds something. */
  readonly didYouMean: string | null;
  /** The search's id in the query log (pass to `recordSearchClick`). */
  readonly queryId: string;
  readonly variant: string;
  readonly experimentId: string | null;
}
