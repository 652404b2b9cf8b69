/**
 * What the orders subgraph needs from the other services, as narrow ports; the adapters in
 * `services/` call the subgraphs over HTTP (lib/subgraph/subgraphClient) and the payment
 * providers. Money is integer minor units and an ISO 4217 currency.
 */

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** Catalog: which products exist. */
export interface ProductCatalog {
  /** The ids among `productIds` that name a product. */
  existing(productIds: readonly string[]): Promise<ReadonlySet<string>>;
}

/** Pricing: the current price of each product in one currency. */
export interface PriceList {
  /** Unit price per product id; a product without a price in `currency` is absent. */
  unitPrices(productIds: readonly string[], currency: string, signal?: AbortSignal): Promise<ReadonlyMap<string, number>>;
}

/** Shipping: what one option costs for the items to the address. */
export interface ShippingRates {
  /** The price of `option` (`carrier:service`), or undefined when no carrier quoted it. */
  quote(request: { readonly country: string; readonly postalCode: string; readonly items: readonly { productId: string; quantity: number }[]; readonly option: string }, signal?: AbortSignal): Promise<Money | undefined>;
}

/** The label of an order's parcel: who, where, with which option, and what is in it. */
export interface ShipmentRequest {
  readonly orderId: string;
  readonly customer: string;
  /** `<order id>:ship`. */
  readonly key: string;
  /** `carrier:service`, as quoted. */
  readonly option: string;
  readonly recipient: { readonly name: string; readonly line1: string; readonly line2?: string | null; readonly city: string; readonly postalCode: string; readonly country: string };
  readonly items: readonly { productId: string; quantity: number }[];
}

/**
 * Shipping's labels, idempotent by key: booking the same key again finds the label. Failures
 * are coded errors (SHIPPING_OPTION_UNAVAILABLE ends the saga; CARRIER_UNAVAILABLE is retried).
 */
export interface ShipmentBooking {
  book(request: ShipmentRequest, signal?: AbortSignal): Promise<void>;
  /** Compensation: voids whatever label the key holds (also when `book` never answered) and refuses the key from then on; idempotent. */
  cancel(request: ShipmentRequest, signal?: AbortSignal): Promise<void>;
}

/** Inventory's reservations, each idempotent by key. Failures are coded errors (`code`: OUT_OF_STOCK, CONFLICT, SUBGRAPH_UNAVAILABLE, …). */
export interface StockReservations {
  reserve(request: { readonly key: string; readonly lines: readonly { productId: string; quantity: number }[]; readonly country: string; readonly ttlSeconds: number }, signal?: AbortSignal): Promise<void>;
  release(key: string, signal?: AbortSignal): Promise<void>;
  commit(key: string, signal?: AbortSignal): Promise<void>;
  /** Puts a committed reservation's stock back on hand; a no-op for one never committed. */
  return(key: string, signal?: AbortSignal): Promise<void>;
}

/** Where an authorization lives, to void it. */
export interface Authorization {
  readonly provider: string;
  readonly authorizationId: string;
}

/** One payment of an order, as the payments subgraph knows it: idempotent by `key`. */
export interface PaymentRequest {
  readonly orderId: string;
  /** The order's customer (JWT subject): who may read the payment. */
  readonly customer: string;
  /** `<order id>:authorize`. */
  readonly key: string;
  readonly amount: Money;
}

/**
 * The payments subgraph: authorizes at the providers, failing over between them. `authorize`
 * is idempotent by key: the same key again finds the attempt instead of charging twice.
 * Failures to answer are coded errors (SUBGRAPH_UNAVAILABLE, PAYMENT_IN_PROGRESS,
 * PAYMENT_UNRESOLVED): retry with the same key.
 */
export interface PaymentAuthorizer {
  authorize(request: PaymentRequest & { readonly paymentMethod: string }, signal?: AbortSignal): Promise<
    | { readonly outcome: 'authorized'; readonly authorization: Authorization }
    | { readonly outcome: 'declined'; readonly reason: string }
    | { readonly outcome: 'unavailable'; readonly reason: string }
  >;
  /** Compensation: voids whatever `key` holds (also when `authorize` never answered) and refuses the key from then on; idempotent. */
  release(request: PaymentRequest, signal?: AbortSignal): Promise<void>;
  /** Releases the authorization; idempotent. */
  void(authorization: Authorization, signal?: AbortSignal): Promise<void>;
}
