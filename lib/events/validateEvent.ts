import { EVENT_TYPES, type AnyEvent, type EventType } from './CloudEvent.js';

/** The outcome of {@link validateEvent}: the typed event, or why it is not one. */
export type EventValidation = { readonly ok: true; readonly event: AnyEvent } | { readonly ok: false; readonly reason: string };

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isTime = (v: unknown) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v) && !Number.isNaN(Date.parse(v));
const isNullableTime = (v: unknown) => v === null || isTime(v);
const TYPES = new Set<string>(EVENT_TYPES);
const ENVELOPE = new Set(['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data']);

/** Checks one state (`before`/`after`) field by field; returns the first problem. */
type StateCheck = (state: Obj) => string | undefined;

const priceState: StateCheck = (s) => {
  if (!isCount(s.listAmount)) return 'listAmount must be a non-negative integer';
  if (s.saleAmount !== null && !isCount(s.saleAmount)) return 'saleAmount must be a non-negative integer or null';
  if (!isNullableTime(s.saleValidFrom)) return 'saleValidFrom must be an ISO 8601 time or null';
  if (!isNullableTime(s.saleValidTo)) return 'saleValidTo must be an ISO 8601 time or null';
  return isCount(s.version) ? undefined : 'version must be a non-negative integer';
};

const stockState: StateCheck = (s) => {
  if (!isCount(s.onHand)) return 'onHand must be a non-negative integer';
  if (!isCount(s.reserved)) return 'reserved must be a non-negative integer';
  return isCount(s.version) ? undefined : 'version must be a non-negative integer';
};

const productState: StateCheck = (s) => {
  for (const key of ['name', 'slug', 'brand', 'categoryId'] as const) if (!isString(s[key])) return `${key} must be a non-empty string`;
  if (typeof s.description !== 'string') return 'description must be a string';
  if (!Array.isArray(s.attributes) || !s.attributes.every((a) => isObject(a) && typeof a.name === 'string' && typeof a.value === 'string')) {
    return 'attributes must be a list of { name, value } strings';
  }
  return isCount(s.version) ? undefined : 'version must be a non-negative integer';
};

const isCurrency = (v: unknown) => typeof v === 'string' && /^[A-Z]{3}$/.test(v);
const ORDER_STATUSES = new Set(['PENDING', 'PLACED', 'FAILED', 'CANCELLED']);

/** Checks `data` of one type (its subject key is already checked); returns the first problem. */
type DataCheck = (data: Obj) => string | undefined;

/** A product change event: `keys` besides productId/before/after, and the before/after state check. */
const change = (keys: Record<string, (v: unknown) => boolean>, state: StateCheck): DataCheck => (data) => {
  for (const [key, check] of Object.entries(keys)) if (!check(data[key])) return `data.${key} is invalid`;
  if (data.before === null && data.after === null) return 'data.before and data.after are both null';
  for (const side of ['before', 'after'] as const) {
    const value = data[side];
    if (value === null) continue;
    if (!isObject(value)) return `data.${side} must be an object or null`;
    const problem = state(value);
    if (problem) return `data.${side}.${problem}`;
  }
  return undefined;
};

const orderPlaced: DataCheck = (data) => {
  if (!isString(data.customer)) return 'data.customer is invalid';
  if (!isCurrency(data.currency)) return 'data.currency is invalid';
  for (const key of ['itemsAmount', 'shippingAmount', 'totalAmount'] as const) if (!isCount(data[key])) return `data.${key} must be a non-negative integer`;
  if (!Array.isArray(data.lines) || data.lines.length === 0) return 'data.lines must be a non-empty list';
  const badLine = data.lines.findIndex((l) => !isObject(l) || !isString(l.productId) || !isCount(l.quantity) || !isCount(l.unitAmount));
  return badLine >= 0 ? `data.lines[${badLine}] must be { productId, quantity, unitAmount }` : undefined;
};

const orderStatusChanged: DataCheck = (data) => {
  if (!isString(data.customer)) return 'data.customer is invalid';
  if (data.before !== null && !ORDER_STATUSES.has(data.before as string)) return 'data.before must be an order status or null';
  if (!ORDER_STATUSES.has(data.after as string)) return 'data.after must be an order status';
  return data.reason === null || isString(data.reason) ? undefined : 'data.reason must be a string or null';
};

const PAYMENT_STATUSES = new Set(['AUTHORIZING', 'AUTHORIZED', 'PENDING', 'DECLINED', 'FAILED', 'VOIDED', 'CAPTURED']);

const paymentStatusChanged: DataCheck = (data) => {
  if (!isString(data.customer) || !isString(data.paymentId)) return 'data.customer and data.paymentId must be strings';
  if (data.before !== null && !PAYMENT_STATUSES.has(data.before as string)) return 'data.before must be a payment status or null';
  if (!PAYMENT_STATUSES.has(data.after as string)) return 'data.after must be a payment status';
  if (data.provider !== null && !isString(data.provider)) return 'data.provider must be a string or null';
  if (!isCount(data.amount)) return 'data.amount must be a non-negative integer';
  return isCurrency(data.currency) ? undefined : 'data.currency is invalid';
};

/** Per type: which `data` key equals `subject`, and the rest of `data`. */
const DATA: Record<EventType, { subject: 'productId' | 'orderId'; check: DataCheck }> = {
  'commerce.pricing.price_changed.v1': { subject: 'productId', check: change({ currency: isCurrency }, priceState) },
  'commerce.inventory.stock_changed.v1': { subject: 'productId', check: change({ warehouseId: isString }, stockState) },
  'commerce.catalog.product_changed.v1': { subject: 'productId', check: change({}, productState) },
  'commerce.orders.order_placed.v1': { subject: 'orderId', check: orderPlaced },
  'commerce.orders.order_status_changed.v1': { subject: 'orderId', check: orderStatusChanged },
  'commerce.payments.payment_status_changed.v1': { subject: 'orderId', check: paymentStatusChanged },
};

/**
 * Validates a CloudEvents 1.0 change event against the schema of its type (lib/events/CloudEvent.ts):
 * envelope attributes, `source` = `/commerce/<subgraph of the type>`, `subject` = `data.productId`
 * (`data.orderId` for order events), and the rest of `data` (for change events the
 * before/after states, at least one present). Runs at both edges: the relay before
 * publishing, consumers before handling. Cheap enough for the hot path (no allocation on success).
 */
export function validateEvent(value: unknown): EventValidation {
  const fail = (reason: string): EventValidation => ({ ok: false, reason });
  if (!isObject(value)) return fail('event is not a JSON object');
  if (value.specversion !== '1.0') return fail('specversion must be "1.0"');
  if (!isString(value.id)) return fail('id must be a non-empty string');
  if (typeof value.type !== 'string' || !TYPES.has(value.type)) return fail(`unknown event type ${JSON.stringify(value.type)}`);
  const type = value.type as EventType;
  if (value.source !== `/commerce/${type.split('.')[1]}`) return fail(`source ${JSON.stringify(value.source)} does not match type ${type}`);
  if (!isString(value.subject)) return fail('subject must be a non-empty string');
  if (!isTime(value.time)) return fail('time must be an ISO 8601 timestamp');
  if (value.datacontenttype !== 'application/json') return fail('datacontenttype must be "application/json"');
  for (const key of Object.keys(value)) if (!ENVELOPE.has(key)) return fail(`unknown attribute ${JSON.stringify(key)}`);
  const data = value.data;
  if (!isObject(data)) return fail('data must be an object');
  const schema = DATA[type];
  if (data[schema.subject] !== value.subject) return fail(`data.${schema.subject} must equal subject`);
  const problem = schema.check(data);
  if (problem) return fail(problem);
  return { ok: true, event: value as unknown as AnyEvent };
}
