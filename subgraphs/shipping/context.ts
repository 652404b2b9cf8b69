import DataLoader from 'dataloader';
import { ErrorCode, userError } from '../../lib/errors/index.js';
import type { Destination, Parcel } from './carriers/Carrier.js';
import type { ProductSource } from './catalogProductSource.js';
import { quoteKey, type QuoteResult, type ShippingQuoter } from './shippingQuoter.js';

/**
 * Per-request context: the shared quoter behind a per-request budget, and a DataLoader
 * batching catalog lookups. Identical quotes in one request (aliases, the same parcel for
 * many products) share one; at most `maxQuotesPerRequest` distinct ones reach the carriers,
 * the rest fail with QUERY_LIMIT_EXCEEDED, so one request cannot fan out into hundreds of
 * carrier calls.
 */
export function createShippingContext(quoter: ShippingQuoter, products: ProductSource, maxQuotesPerRequest = 10) {
  const quotes = new Map<string, Promise<QuoteResult>>();
  const budgeted: Pick<ShippingQuoter, 'quote'> = {
    quote(destination: Destination, parcel: Parcel) {
      const key = quoteKey(destination, parcel);
      let quote = quotes.get(key);
      if (!quote) {
        if (quotes.size >= maxQuotesPerRequest) {
          throw userError(ErrorCode.QUERY_LIMIT_EXCEEDED, `A request may ask the carriers for at most ${maxQuotesPerRequest} distinct shipping quotes`, {
            limit: 'shippingQuotes', max: maxQuotesPerRequest,
          });
        }
        quote = quoter.quote(destination, parcel);
        quotes.set(key, quote);
      }
      return quote;
    },
  };
  return { quoter: budgeted, products: new DataLoader((ids: readonly string[]) => products.load(ids)) };
}

export type ShippingContext = ReturnType<typeof createShippingContext>;
