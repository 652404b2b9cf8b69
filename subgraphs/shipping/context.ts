import DataLoader from 'dataloader';
import type { Db } from '../../lib/db/index.js';
import { ErrorCode, userError } from '../../lib/errors/index.js';
import { manyLoader, oneLoader } from '../../lib/loaders.js';
import type { Logger } from '../../lib/logging/index.js';
import type { SubgraphCaller } from '../../lib/subgraph/index.js';
import type { Carrier, Destination, Parcel } from './carriers/Carrier.js';
import type { ProductSource } from './catalogProductSource.js';
import { shipmentStore } from './shipmentStore.js';
import { quoteKey, type QuoteResult, type ShippingQuoter } from './shippingQuoter.js';

/** What the shipping subgraph shares between requests, once its carriers started. */
export interface ShippingService {
  readonly db: Db;
  readonly quoter: ShippingQuoter;
  readonly carriers: readonly Carrier[];
  readonly products: ProductSource;
  readonly logger: Logger;
  readonly maxQuotesPerRequest: number;
}

/**
 * Per-request context: the shared quoter behind a per-request budget, DataLoaders batching
 * catalog lookups and shipment reads. Identical quotes in one request (aliases, the same
 * parcel for many products) share one; at most `maxQuotesPerRequest` distinct ones reach the
 * carriers, the rest fail with QUERY_LIMIT_EXCEEDED, so one request cannot fan out into
 * hundreds of carrier calls.
 */
export function createShippingContext(service: ShippingService) {
  const { maxQuotesPerRequest } = service;
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
        quote = service.quoter.quote(destination, parcel);
        quotes.set(key, quote);
      }
      return quote;
    },
  };
  return {
    db: service.db,
    logger: service.logger,
    carriers: () => service.carriers,
    quoter: budgeted,
    products: new DataLoader((ids: readonly string[]) => service.products.load(ids)),
    shipmentOfOrder: oneLoader((orderIds) => shipmentStore.byOrders(service.db, orderIds), (row) => row.order_id),
    trackingEvents: manyLoader((ids) => shipmentStore.eventsOf(service.db, ids), (row) => row.shipment_id),
  };
}

/** What {@link createShippingContext} builds per request. */
export type ShippingRequestContext = ReturnType<typeof createShippingContext>;
/** What resolvers see: that plus the verified caller. */
export type ShippingContext = ShippingRequestContext & SubgraphCaller;
