/**
 * A CloudEvents 1.0 event in JSON form. `subject` is the product id (the order id for
 * order, payment and shipment events, the search's query id for `commerce.insights.*`); `type` is
 * `commerce.<subgraph>.<noun>_<past_tense>.v<N>`.
 */
export interface CloudEvent<Type extends string = string, Data = unknown> {
  readonly specversion: '1.0';
  /** Unique per event; consumers deduplicate by it. */
  readonly id: string;
  /** The producing subgraph, e.g. `/commerce/pricing`. */
  readonly source: string;
  readonly type: Type;
  /** The product id the event is about (the order id for order events). */
  readonly subject: string;
  /** Commit time, ISO 8601. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Data;
  /** Extension attribute: who made the change (the caller's subject), when the write carried one. */
  readonly actor?: string;
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

/** The statuses of an order (schema/orders.graphql `OrderStatus`). */
export type OrderStatus = 'PENDING' | 'PLACED' | 'FAILED' | 'CANCELLED';

/** The statuses of a payment (schema/payments.graphql `PaymentStatus`). */
export type PaymentStatus = 'AUTHORIZING' | 'AUTHORIZED' | 'PENDING' | 'DECLINED' | 'FAILED' | 'VOIDED' | 'CAPTURED';

/** The statuses of a shipment (schema/shipping.graphql `ShipmentStatus`). */
export type ShipmentStatus = 'LABEL_CREATED' | 'PICKED_UP' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'EXCEPTION' | 'CANCELLED';

/** One line of a placed order: the unit price locked at checkout, in minor units. */
export interface PlacedOrderLine {
  readonly productId: string;
  readonly quantity: number;
  readonly unitAmount: number;
}

/** The filters of a logged search (null or empty: not applied). Amounts in minor units of `currency`. */
export interface SearchLogFilters {
  readonly categoryIds: readonly string[];
  readonly brands: readonly string[];
  readonly priceMin: number | null;
  readonly priceMax: number | null;
  readonly currency: string | null;
  readonly inStock: boolean | null;
}

/**
 * Every event type and its `data`. Change events carry before/after states (null when the
 * row did not / no longer exist); order events carry the order id as `subject`.
 */
export interface Events {
  'commerce.pricing.price_changed.v1': { productId: string; currency: string; before: PriceState | null; after: PriceState | null };
  'commerce.inventory.stock_changed.v1': { productId: string; warehouseId: string; before: StockState | null; after: StockState | null };
  'commerce.catalog.product_changed.v1': { productId: string; before: ProductState | null; after: ProductState | null };
  /** An order became PLACED: priced, stock committed, payment authorized. Amounts in minor units of `currency`. */
  'commerce.orders.order_placed.v1': {
    orderId: string; customer: string; currency: string; itemsAmount: number; shippingAmount: number; totalAmount: number;
    lines: readonly PlacedOrderLine[];
  };
  /** An order's status changed (`before` is null when it was created); `reason` is the failure code of a FAILED order. */
  'commerce.orders.order_status_changed.v1': { orderId: string; customer: string; before: OrderStatus | null; after: OrderStatus; reason: string | null };
  /** A payment's status changed (`before` is null when it was created); amount in minor units of `currency`. */
  'commerce.payments.payment_status_changed.v1': {
    orderId: string; paymentId: string; customer: string; before: PaymentStatus | null; after: PaymentStatus; provider: string | null;
    amount: number; currency: string;
  };
  /**
   * A shipment's status changed (`before` is null when its label was booked), by the carrier's
   * tracking; `at` is the carrier's time of the scan. `subject` is the order id.
   */
  'commerce.shipping.shipment_status_changed.v1': {
    orderId: string; shipmentId: string; customer: string; carrier: string; trackingNumber: string;
    before: ShipmentStatus | null; after: ShipmentStatus; at: string;
  };
  /**
   * A search ran (the query log, docs/search.md): `subject` is its `queryId`. `normalizedQuery`
   * is the text folded (case, accents, spacing) as analytics group it; `sessionId` is the
   * storefront's anonymous session id, never a user's. Latency in ms.
   */
  'commerce.insights.search_performed.v1': {
    queryId: string; query: string; normalizedQuery: string; filters: SearchLogFilters; sort: string; resultCount: number; latencyMs: number;
    variant: string; experimentId: string | null; client: string | null; sessionId: string | null; searchedAt: string;
  };
  /**
   * A shopper opened a result of a logged search: `subject` is the `queryId`; `position` is
   * 1-based over all pages; `firstClick` is true for the search's first click (click-through
   * and reciprocal rank count it). The search's query, variant and time ride along.
   */
  'commerce.insights.search_clicked.v1': {
    queryId: string; productId: string; position: number; firstClick: boolean; normalizedQuery: string;
    variant: string; experimentId: string | null; sessionId: string | null; searchedAt: string;
  };
}

/** The change events of products (price, stock, catalog data): `subject` and `data.productId` name the product. */
export type ProductEventType = 'commerce.pricing.price_changed.v1' | 'commerce.inventory.stock_changed.v1' | 'commerce.catalog.product_changed.v1';

export type EventType = keyof Events;
export type AnyEvent = { [K in EventType]: CloudEvent<K, Events[K]> }[EventType];
/** A change event of a product. */
export type ProductEvent = Extract<AnyEvent, { type: ProductEventType }>;

/** The query and click log of search (insights subgraph): `subject` and `data.queryId` name the search. */
export const SEARCH_LOG_EVENT_TYPES = ['commerce.insights.search_performed.v1', 'commerce.insights.search_clicked.v1'] as const satisfies readonly EventType[];

/** The product change event types (what search indexes and caches invalidate on). */
export const PRODUCT_EVENT_TYPES: readonly ProductEventType[] = [
  'commerce.pricing.price_changed.v1',
  'commerce.inventory.stock_changed.v1',
  'commerce.catalog.product_changed.v1',
];

const PRODUCT_TYPES = new Set<string>(PRODUCT_EVENT_TYPES);
export const isProductEvent = (event: AnyEvent): event is ProductEvent => PRODUCT_TYPES.has(event.type);

export const EVENT_TYPES: readonly EventType[] = [
  'commerce.pricing.price_changed.v1',
  'commerce.inventory.stock_changed.v1',
  'commerce.catalog.product_changed.v1',
  'commerce.orders.order_placed.v1',
  'commerce.orders.order_status_changed.v1',
  'commerce.payments.payment_status_changed.v1',
  'commerce.shipping.shipment_status_changed.v1',
  ...SEARCH_LOG_EVENT_TYPES,
];
