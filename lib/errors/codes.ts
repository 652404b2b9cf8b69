/**
 * Every `extensions.code` a client can see. A code is API: never rename or reuse one;
 * add a new one instead and record when it was added.
 */
export const ErrorCode = {
  /** Input failed validation; the message says which field and why. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The HTTP request itself is malformed (bad JSON, missing query). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The request body exceeds the configured limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  /** No product with that id exists. */
  PRODUCT_NOT_FOUND: 'PRODUCT_NOT_FOUND',
  /** No category with that id exists. */
  CATEGORY_NOT_FOUND: 'CATEGORY_NOT_FOUND',
  /** An optimistic-concurrency check failed: the row changed since it was read. */
  CONFLICT: 'CONFLICT',
  /** A subgraph could not be reached or failed; the gateway returns what it could. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /**
   * The operation exceeds a configured limit (depth, aliases, directives, cost, batch size);
   * `extensions.limit` names it, `extensions.max` and `extensions.actual` say by how much.
   * Added with issue 6 (security).
   */
  QUERY_LIMIT_EXCEEDED: 'QUERY_LIMIT_EXCEEDED',
  /** A subscription names more product ids than the gateway allows (`SUBSCRIPTION_MAX_PRODUCT_IDS`). Added with subscriptions. */
  TOO_MANY_PRODUCT_IDS: 'TOO_MANY_PRODUCT_IDS',
  /** A graphql-ws connection already holds the most subscriptions allowed (`SUBSCRIPTIONS_PER_CONNECTION`). Added with subscriptions. */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** A query or mutation sent over graphql-ws: only subscriptions are served there; use HTTP. Added with subscriptions. */
  OPERATION_NOT_SUPPORTED: 'OPERATION_NOT_SUPPORTED',
  /** Close reason of a graphql-ws connection that fell too far behind (close code 4413). Added with subscriptions. */
  SLOW_CONSUMER: 'SLOW_CONSUMER',
  /**
   * Not enough stock is available to reserve every line; `extensions.shortfalls` lists
   * `{ productId, requested, available }` per short line. Added with issue 16 (checkout).
   */
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  /** No stock reservation with that idempotency key exists. Added with issue 16 (checkout). */
  RESERVATION_NOT_FOUND: 'RESERVATION_NOT_FOUND',
  /**
   * An automatic persisted query whose `extensions.persistedQuery.sha256Hash` is not the
   * SHA-256 of the query sent with it (HTTP 400). Added with issue 15 (hardening).
   */
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
  /** No cart with that id belongs to the caller (unknown, or someone else's). Added with issue 16 (checkout). */
  CART_NOT_FOUND: 'CART_NOT_FOUND',
  /** The cart is being checked out or was checked out: its lines are frozen. Added with issue 16 (checkout). */
  CART_NOT_OPEN: 'CART_NOT_OPEN',
  /** Checkout of a cart without lines. Added with issue 16 (checkout). */
  CART_EMPTY: 'CART_EMPTY',
  /** No order with that id belongs to the caller. Added with issue 16 (checkout). */
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  /** A checkout idempotency key the caller already used for another cart. Added with issue 16 (checkout). */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** A product in the cart has no price in the cart's currency. Added with issue 16 (checkout). */
  PRICE_UNAVAILABLE: 'PRICE_UNAVAILABLE',
  /** No carrier quoted the chosen shipping option for the address. Added with issue 16 (checkout). */
  SHIPPING_OPTION_UNAVAILABLE: 'SHIPPING_OPTION_UNAVAILABLE',
  /** The issuer refused the payment (insufficient funds, declined): a business refusal. Added with issue 16 (checkout). */
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  /** No payment provider could authorize for technical reasons. Added with issue 16 (checkout). */
  PAYMENT_UNAVAILABLE: 'PAYMENT_UNAVAILABLE',
  /** Another call with the same payment idempotency key is at the providers: retry with the key later. Added with issue 16 (checkout). */
  PAYMENT_IN_PROGRESS: 'PAYMENT_IN_PROGRESS',
  /** Only a PLACED order can be cancelled (a PENDING or FAILED one cannot). Added with issue 16 (checkout). */
  ORDER_NOT_CANCELLABLE: 'ORDER_NOT_CANCELLABLE',
  /** An authorization may be held at a provider that could not be asked: retry with the same key. Added with issue 16 (checkout). */
  PAYMENT_UNRESOLVED: 'PAYMENT_UNRESOLVED',
  /** A time before the first recorded state (of a price or stock row): nothing to answer with but a guess. `extensions.historyStartsAt` says from when. Added with issue 17 (time travel). */
  HISTORY_NOT_AVAILABLE: 'HISTORY_NOT_AVAILABLE',
  /** No webhook endpoint with that id (`extensions.endpointId`). Added with issue 19 (webhooks). */
  WEBHOOK_ENDPOINT_NOT_FOUND: 'WEBHOOK_ENDPOINT_NOT_FOUND',
  /** No API client with that id (`extensions.clientId`). Added with issue 18 (edge). */
  API_CLIENT_NOT_FOUND: 'API_CLIENT_NOT_FOUND',
  /** An API client with that id exists already. Added with issue 18 (edge). */
  API_CLIENT_EXISTS: 'API_CLIENT_EXISTS',
  /** No live API key with that id (`extensions.keyId`). Added with issue 18 (edge). */
  API_KEY_NOT_FOUND: 'API_KEY_NOT_FOUND',
  /** The `X-Api-Key` header names no live key of an enabled client (HTTP 401). Added with issue 18 (edge). */
  INVALID_API_KEY: 'INVALID_API_KEY',
  /** This gateway serves only requests with a client's key (`API_KEY_REQUIRED`; HTTP 401). Added with issue 18 (edge). */
  API_KEY_REQUIRED: 'API_KEY_REQUIRED',
  /**
   * The client is over its rate (`extensions.limit`: `requests` per second or `cost` per
   * minute): HTTP 429 with `Retry-After`, also in `extensions.retryAfterSeconds`. Added with issue 18 (edge).
   */
  RATE_LIMITED: 'RATE_LIMITED',
  /** No trusted document under that `documentId` for the request's client (HTTP 400). Added with issue 18 (edge). */
  PERSISTED_DOCUMENT_NOT_FOUND: 'PERSISTED_DOCUMENT_NOT_FOUND',
  /** The client is trusted-only: it may send only registered `documentId`s (HTTP 400). Added with issue 18 (edge). */
  PERSISTED_DOCUMENT_REQUIRED: 'PERSISTED_DOCUMENT_REQUIRED',
  /** The carrier could not be reached to book or void a label (down, slow, rate-limiting): retry with the same key. Added with issue 19 (tracking). */
  CARRIER_UNAVAILABLE: 'CARRIER_UNAVAILABLE',
  /** The shipment under that key was cancelled: the key books nothing any more. Added with issue 19 (tracking). */
  SHIPMENT_CANCELLED: 'SHIPMENT_CANCELLED',
  /**
   * An `@interfaceObject` reference the subgraph owning the interface does not know, so its
   * concrete type cannot be told (`extensions.typename`, `extensions.key`); the field is null.
   * Added with issue 21 (conformance).
   */
  ENTITY_NOT_RESOLVED: 'ENTITY_NOT_RESOLVED',
  /**
   * The query planner found no subgraph path to the operation's fields (the supergraph cannot
   * answer it as composed); nothing was fetched. Added with issue 21 (conformance).
   */
  OPERATION_NOT_PLANNABLE: 'OPERATION_NOT_PLANNABLE',
  /**
   * `recordSearchClick` names a `queryId` no search returned (or one older than the query log
   * keeps): `extensions.queryId`. Added with issue 20 (search analytics).
   */
  SEARCH_QUERY_NOT_FOUND: 'SEARCH_QUERY_NOT_FOUND',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const known = new Set<string>(Object.values(ErrorCode));

/** True when `code` is registered above and so may reach clients unmasked. */
export function isKnownErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && known.has(code);
}
