import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Reply, header, readBody, safeEqual, type Answer } from './http.js';
import type { LedgerEntry, LedgerStatus } from './ledger.js';
import { cardOutcome } from './testCards.js';

// Payvia: an intent-style API modelled on Stripe's PaymentIntents. Form-encoded requests,
// bearer secret key, `Idempotency-Key` on POSTs (a replay returns the stored answer; other
// parameters under a used key are 409 idempotency_error), manual capture, search by metadata
// (eventually consistent: `searchLagMs`), and events signed `Payvia-Signature: t=…,v1=…`.

export type PayviaStatus = 'requires_confirmation' | 'requires_payment_method' | 'processing' | 'requires_capture' | 'succeeded' | 'canceled';

export interface PayviaIntent {
  readonly id: string;
  readonly object: 'payment_intent';
  readonly amount: number;
  /** Lower case, as Stripe writes it. */
  readonly currency: string;
  status: PayviaStatus;
  readonly capture_method: 'manual';
  readonly payment_method: string;
  readonly metadata: Record<string, string>;
  readonly created: number;
  amount_capturable: number;
  last_payment_error: { type: string; code: string; decline_code?: string; message: string } | null;
  cancellation_reason: string | null;
}

export interface PayviaEvent {
  readonly id: string;
  readonly object: 'event';
  readonly type: string;
  readonly created: number;
  readonly data: { readonly object: PayviaIntent };
}

interface Record_ {
  intent: PayviaIntent;
  idempotencyKey: string | null;
  answered: boolean;
  visibleInSearchAt: number;
  createdAt: string;
}

interface StoredAnswer {
  readonly fingerprint: string;
  answer: Answer | 'in_flight';
}

export interface PayviaContext {
  readonly secretKey: string;
  /** Events to deliver (`emit` signs and sends). */
  emit(event: PayviaEvent): void;
  readonly faults: () => { readonly searchLagMs: number; readonly asyncDelayMs: number };
  later(ms: number, fn: () => void): void;
}

export function createPayviaApi(ctx: PayviaContext) {
  const intents = new Map<string, Record_>();
  const idempotency = new Map<string, StoredAnswer>();
  const now = () => Math.floor(Date.now() / 1000);

  const event = (type: string, intent: PayviaIntent) =>
    ctx.emit({ id: `evt_${randomBytes(12).toString('hex')}`, object: 'event', type, created: now(), data: { object: structuredClone(intent) } });

  const stripeError = (status: number, type: string, code: string, message: string, extra: Record<string, unknown> = {}) =>
    new Reply(status, { error: { type, code, message, ...extra } });

  const find = (id: string): Record_ => {
    const record = intents.get(id);
    if (!record) throw stripeError(404, 'invalid_request_error', 'resource_missing', `No such payment_intent: '${id}'`);
    return record;
  };

  /** Confirms with the intent's payment method; the answer is charged when money is held or may be. */
  function confirm(record: Record_): Answer {
    const intent = record.intent;
    if (intent.status !== 'requires_confirmation' && intent.status !== 'requires_payment_method') {
      throw stripeError(400, 'invalid_request_error', 'payment_intent_unexpected_state',
        `This PaymentIntent's status is ${intent.status}; it cannot be confirmed`, { payment_intent: intent });
    }
    const outcome = cardOutcome(intent.payment_method, intent.amount, true)!;
    intent.last_payment_error = null;
    if (outcome.kind === 'authorized') {
      intent.status = 'requires_capture';
      intent.amount_capturable = intent.amount;
      event('payment_intent.amount_capturable_updated', intent);
      return { status: 200, body: intent, charged: true };
    }
    if (outcome.kind === 'pending') {
      intent.status = 'processing';
      event('payment_intent.processing', intent);
      ctx.later(ctx.faults().asyncDelayMs, () => {
        if (intent.status !== 'processing') return;
        intent.status = 'requires_capture';
        intent.amount_capturable = intent.amount;
        event('payment_intent.amount_capturable_updated', intent);
      });
      return { status: 200, body: intent, charged: true };
    }
    intent.status = 'requires_payment_method';
    intent.last_payment_error = outcome.kind === 'refused'
      ? { type: 'card_error', code: 'card_declined', decline_code: outcome.reason, message: 'Your card was declined.' }
      : { type: 'api_error', code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' };
    event('payment_intent.payment_failed', intent);
    const status = outcome.kind === 'refused' ? 402 : 500;
    return { status, body: { error: { ...intent.last_payment_error, payment_intent: intent } } };
  }

  /** Runs a POST under its Idempotency-Key: a replay gets the stored answer, other params a 409. */
  async function idempotent(req: IncomingMessage, route: string, params: string, run: (key: string | null) => Answer): Promise<Answer> {
    const key = header(req, 'idempotency-key') ?? null;
    if (key === null) return run(null);
    if (key.length > 255) throw stripeError(400, 'invalid_request_error', 'idempotency_key_invalid', 'Idempotency keys are at most 255 characters');
    const fingerprint = createHash('sha256').update(`${route}\n${params}`).digest('hex');
    const stored = idempotency.get(key);
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        throw stripeError(409, 'idempotency_error', 'idempotency_key_reused',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}'.`);
      }
      if (stored.answer === 'in_flight') throw stripeError(409, 'idempotency_error', 'idempotency_key_in_use', 'A request with this key is in progress');
      return { ...stored.answer, headers: { ...stored.answer.headers, 'idempotent-replayed': 'true' }, charged: false };
    }
    const entry: StoredAnswer = { fingerprint, answer: 'in_flight' };
    idempotency.set(key, entry);
    try {
      const answer = run(key);
      // 5xx answers are not stored: the request may be retried with the same key.
      if (answer.status >= 500) idempotency.delete(key);
      else entry.answer = answer;
      return answer;
    } catch (error) {
      if (error instanceof Reply && error.status < 500) entry.answer = { status: error.status, body: error.body };
      else idempotency.delete(key);
      throw error;
    }
  }

  async function handle(route: string, req: IncomingMessage, url: URL): Promise<Answer> {
    const auth = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1];
    if (!safeEqual(auth, ctx.secretKey)) throw stripeError(401, 'invalid_request_error', 'api_key_invalid', 'Invalid API Key provided');
    const parts = route.split(' ');
    const [method, path] = [parts[0], parts[1] ?? ''];
    const segments = path.split('/').filter(Boolean); // v1, payment_intents, id?, action?
    if (segments[0] !== 'v1' || segments[1] !== 'payment_intents') throw stripeError(404, 'invalid_request_error', 'resource_missing', 'Unrecognized request URL');

    if (method === 'GET' && segments[2] === 'search' && segments.length === 3) return { status: 200, body: search(url.searchParams.get('query') ?? '') };
    if (method === 'GET' && segments.length === 3) return { status: 200, body: find(segments[2]!).intent };

    if (method !== 'POST') throw stripeError(405, 'invalid_request_error', 'method_not_allowed', `${method} is not allowed here`);
    const raw = await readBody(req);
    const form = new URLSearchParams(raw);
    const params = [...form.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('&');

    if (segments.length === 2) return idempotent(req, path, params, (key) => create(form, key));
    const record = find(segments[2]!);
    const action = segments[3];
    if (action === 'confirm' && segments.length === 4) {
      return idempotent(req, path, params, () => {
        const pm = form.get('payment_method');
        if (pm !== null) {
          if (!cardOutcome(pm, record.intent.amount, true)) throw stripeError(400, 'invalid_request_error', 'resource_missing', `No such PaymentMethod: '${pm}'`);
          (record.intent as { payment_method: string }).payment_method = pm;
        }
        return confirm(record);
      });
    }
    if (action === 'cancel' && segments.length === 4) return idempotent(req, path, params, () => cancel(record, form.get('cancellation_reason')));
    if (action === 'capture' && segments.length === 4) return idempotent(req, path, params, () => capture(record));
    throw stripeError(404, 'invalid_request_error', 'resource_missing', 'Unrecognized request URL');
  }

  function create(form: URLSearchParams, key: string | null): Answer {
    const amount = Number(form.get('amount'));
    const currency = form.get('currency') ?? '';
    const pm = form.get('payment_method') ?? '';
    if (!Number.isInteger(amount) || amount < 1 || amount > 99_999_999) throw stripeError(400, 'invalid_request_error', 'parameter_invalid_integer', 'Invalid amount', { param: 'amount' });
    if (!/^[a-z]{3}$/.test(currency)) throw stripeError(400, 'invalid_request_error', 'parameter_invalid', 'Invalid currency', { param: 'currency' });
    if (!cardOutcome(pm, amount, true)) throw stripeError(400, 'invalid_request_error', 'resource_missing', `No such PaymentMethod: '${pm}'`, { param: 'payment_method' });
    if ((form.get('capture_method') ?? 'manual') !== 'manual') throw stripeError(400, 'invalid_request_error', 'parameter_invalid', 'Only manual capture is simulated', { param: 'capture_method' });
    const metadata: Record<string, string> = {};
    for (const [k, v] of form) {
      const m = /^metadata\[([^\]]{1,40})\]$/.exec(k);
      if (m) metadata[m[1]!] = v.slice(0, 500);
    }
    const intent: PayviaIntent = {
      id: `pi_${randomBytes(12).toString('hex')}`, object: 'payment_intent', amount, currency, status: 'requires_confirmation',
      capture_method: 'manual', payment_method: pm, metadata, created: now(), amount_capturable: 0, last_payment_error: null, cancellation_reason: null,
    };
    const record: Record_ = { intent, idempotencyKey: key, answered: true, visibleInSearchAt: Date.now() + ctx.faults().searchLagMs, createdAt: new Date().toISOString() };
    intents.set(intent.id, record);
    event('payment_intent.created', intent);
    return form.get('confirm') === 'true' ? confirm(record) : { status: 200, body: intent };
  }

  function cancel(record: Record_, reason: string | null): Answer {
    const intent = record.intent;
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      throw stripeError(400, 'invalid_request_error', 'payment_intent_unexpected_state', `This PaymentIntent's status is ${intent.status}; it cannot be canceled`, { payment_intent: intent });
    }
    intent.status = 'canceled';
    intent.amount_capturable = 0;
    intent.cancellation_reason = reason ?? 'requested_by_customer';
    event('payment_intent.canceled', intent);
    return { status: 200, body: intent };
  }

  function capture(record: Record_): Answer {
    const intent = record.intent;
    if (intent.status !== 'requires_capture') {
      throw stripeError(400, 'invalid_request_error', 'payment_intent_unexpected_state', `This PaymentIntent's status is ${intent.status}; it cannot be captured`, { payment_intent: intent });
    }
    intent.status = 'succeeded';
    intent.amount_capturable = 0;
    event('payment_intent.succeeded', intent);
    return { status: 200, body: intent };
  }

  /** Stripe's search syntax, the one clause simulated: `metadata['key']:'value'`. */
  function search(query: string) {
    const m = /^metadata\['([^']{1,40})'\]:'([^']*)'$/.exec(query.trim());
    if (!m) throw stripeError(400, 'invalid_request_error', 'parameter_invalid', "Only metadata['key']:'value' queries are supported", { param: 'query' });
    const t = Date.now();
    const data = [...intents.values()].filter((r) => r.visibleInSearchAt <= t && r.intent.metadata[m[1]!] === m[2]).map((r) => r.intent);
    return { object: 'search_result', data, has_more: false, next_page: null, url: '/v1/payment_intents/search' };
  }

  return {
    handle,
    /** Marks the intent charged by the last request under `key` (or created last) as never answered. */
    markUnanswered(body: unknown) {
      const id = (body as { id?: string; error?: { payment_intent?: { id?: string } } })?.id ?? (body as { error?: { payment_intent?: { id?: string } } })?.error?.payment_intent?.id;
      const record = id ? intents.get(id) : undefined;
      if (record) record.answered = false;
    },
    ledger(): LedgerEntry[] {
      return [...intents.values()].map(({ intent, idempotencyKey, answered, createdAt }) => ({
        provider: 'payvia', id: intent.id, idempotencyKey, reference: intent.metadata.reference ?? null,
        amount: intent.amount, currency: intent.currency.toUpperCase(), status: ledgerStatus(intent),
        reason: intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? null, answered, createdAt,
      }));
    },
    reset() {
      intents.clear();
      idempotency.clear();
    },
  };
}

function ledgerStatus(intent: PayviaIntent): LedgerStatus {
  switch (intent.status) {
    case 'requires_confirmation': return 'created';
    case 'processing': return 'pending';
    case 'requires_capture': return 'authorized';
    case 'succeeded': return 'captured';
    case 'canceled': return intent.last_payment_error ? (intent.last_payment_error.type === 'card_error' ? 'refused' : 'failed') : 'voided';
    case 'requires_payment_method': return intent.last_payment_error?.type === 'card_error' ? 'refused' : intent.last_payment_error ? 'failed' : 'created';
  }
}

/** `Payvia-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` */
export function payviaSignature(secret: string, body: string, timestampSec: number): string {
  return `t=${timestampSec},v1=${createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex')}`;
}
