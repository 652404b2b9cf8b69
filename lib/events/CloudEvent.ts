/**
 * A CloudEvents 1.0 event in JSON form. `subject` is the product id; `type` is
 * `commerce.<subgraph>.<noun>_<past_tense>.v<N>`.
 */
export interface CloudEvent<Type extends string = string, Data = unknown> {
  readonly specversion: '1.0';
  /** Unique per event; consumers deduplicate by it. */
  readonly id: string;
  /** The producing subgraph, e.g. `/commerce/pricing`. */
  readonly source: string;
  readonly type: Type;
  /** The product id the event is about. */
  readonly subject: string;
  /** Commit time, ISO 8601. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Data;
}

export interface PriceState {
  readonly listAmount: number;
  readonly saleAmount: number | null;
  readonly saleValidFrom: string | null;
  readonly saleValidTo: string | null;
  readonly version: number;
}

export interface StockState {
  readonly onHand: number;
  readonly reserved: number;
  readonly version: number;
}

export interface ProductState {
  readonly name: string;
  readonly slug: string;
  readonly brand: string;
  readonly categoryId: string;
  readonly description: string;
  readonly attributes: readonly { name: string; value: string }[];
  readonly version: number;
}

/** Every event type and its `data`: before/after states (null when the row did not / no longer exist). */
export interface Events {
  'commerce.pricing.price_changed.v1': { productId: string; currency: string; before: PriceState | null; after: PriceState | null };
  'commerce.inventory.stock_changed.v1': { productId: string; warehouseId: string; before: StockState | null; after: StockState | null };
  'commerce.catalog.product_changed.v1': { productId: string; before: ProductState | null; after: ProductState | null };
}

export type EventType = keyof Events;
export type AnyEvent = { [K in EventType]: CloudEvent<K, Events[K]> }[EventType];

export const EVENT_TYPES: readonly EventType[] = [
  'commerce.pricing.price_changed.v1',
  'commerce.inventory.stock_changed.v1',
  'commerce.catalog.product_changed.v1',
];
