import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Reply, header, readBody, safeEqual, type Answer } from './http.js';
import type { LedgerEntry, LedgerStatus } from './ledger.js';
import { cardOutcome } from './testCards.js';

// Acquira: an authorise/cancel/capture API modelled on Adyen's Checkout API. JSON bodies,
// `X-API-Key`, a merchant account and a merchant `reference` per payment, synchronous
// `resultCode` (Authorised, Refused with `refusalReason`, Error), cancels and captures
// acknowledged as `received` and settled by notification webhooks whose items carry an
// HMAC-SHA256 signature (`additionalData.hmacSignature`). Adyen has no lookup by reference;
// the simulator offers `GET /v71/payments?merchantReference=…` as a reconciliation endpoint.

type AcquiraState = 'authorised' | 'refused' | 'error' | 'cancelled' | 'captured';

export interface AcquiraPayment {
  readonly pspReference: string;
  readonly merchantReference: string;
  readonly merchantAccount: string;
  readonly amount: { readonly value: number; readonly currency: string };
  readonly resultCode: 'Authorised' | 'Refused' | 'Error';
  readonly refusalReason?: string;
  readonly refusalReasonCode?: string;
  state: AcquiraState;
  readonly createdAt: string;
}

/** One notification item, as Adyen's standard notification sends it. */
export interface AcquiraNotificationItem {
  readonly eventCode: 'AUTHORISATION' | 'CANCELLATION' | 'CAPTURE';
  readonly success: 'true' | 'false';
  readonly pspReference: string;
  readonly originalReference?: string;
  readonly merchantAccountCode: string;
  readonly merchantReference: string;
  readonly amount: { readonly value: number; readonly currency: string };
  readonly eventDate: string;
  readonly reason?: string;
  readonly additionalData: { hmacSignature: string };
}

export interface AcquiraContext {
  readonly apiKey: string;
  readonly merchantAccount: string;
  /** Hex-encoded HMAC key. */
  readonly hmacKey: string;
  emit(item: AcquiraNotificationItem): void;
}

const REFUSALS = { insufficient_funds: ['Not enough balance', '51'], do_not_honor: ['Refused', '2'] } as const;

export function createAcquiraApi(ctx: AcquiraContext) {
  const payments = new Map<string, { payment: AcquiraPayment; idempotencyKey: string | null; answered: boolean }>();
  const idempotency = new Map<string, { fingerprint: string; answer: Answer }>();
  const psp = () => randomBytes(8).toString('hex').toUpperCase();

  const adyenError = (status: number, errorCode: string, message: string, errorType = 'validation') =>
    new Reply(status, { status, errorCode, message, errorType, pspReference: psp() });

  function notify(item: Omit<AcquiraNotificationItem, 'additionalData' | 'merchantAccountCode' | 'eventDate'>) {
    const full = { ...item, merchantAccountCode: ctx.merchantAccount, eventDate: new Date().toISOString() };
    ctx.emit({ ...full, additionalData: { hmacSignature: acquiraHmac(ctx.hmacKey, full) } });
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
    try {
      const body = JSON.parse(await readBody(req)) as unknown;
      if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, any>;
    } catch {
      // falls through
    }
    throw adyenError(400, '702', 'Structure of the request body is invalid');
  }

  function authorise(body: Record<string, any>, key: string | null): Answer {
    const reference = body.reference;
    const value = body.amount?.value;
    const currency = body.amount?.currency;
    const token = body.paymentMethod?.storedPaymentMethodId;
    if (body.merchantAccount !== ctx.merchantAccount) throw adyenError(403, '901', 'Invalid Merchant Account', 'security');
    if (typeof reference !== 'string' || reference.length < 1 || reference.length > 80) throw adyenError(422, '130', 'Required field \'reference\' is not provided.');
    if (!Number.isInteger(value) || value < 1) throw adyenError(422, '137', 'Invalid amount specified');
    if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw adyenError(422, '138', 'Invalid currency specified');
    const outcome = typeof token === 'string' ? cardOutcome(token, value, false) : undefined;
    if (!outcome) throw adyenError(422, '000', 'Unknown stored payment method');
    const refusal = outcome.kind === 'refused' ? REFUSALS[outcome.reason] : outcome.kind === 'error' ? ['Acquirer Error', '4'] as const : undefined;
    const payment: AcquiraPayment = {
      pspReference: psp(), merchantReference: reference, merchantAccount: ctx.merchantAccount, amount: { value, currency },
      resultCode: outcome.kind === 'refused' ? 'Refused' : outcome.kind === 'error' ? 'Error' : 'Authorised',
      ...(refusal ? { refusalReason: refusal[0], refusalReasonCode: refusal[1] } : {}),
      state: outcome.kind === 'refused' ? 'refused' : outcome.kind === 'error' ? 'error' : 'authorised',
      createdAt: new Date().toISOString(),
    };
    payments.set(payment.pspReference, { payment, idempotencyKey: key, answered: true });
    notify({
      eventCode: 'AUTHORISATION', success: payment.state === 'authorised' ? 'true' : 'false', pspReference: payment.pspReference,
      merchantReference: reference, amount: payment.amount, ...(refusal ? { reason: refusal[0] } : {}),
    });
    return {
      status: 200,
      charged: payment.state === 'authorised',
      body: {
        pspReference: payment.pspReference, resultCode: payment.resultCode, merchantReference: reference, amount: payment.amount,
        ...(refusal ? { refusalReason: refusal[0], refusalReasonCode: refusal[1] } : {}),
      },
    };
  }

  function modify(payment: AcquiraPayment, kind: 'cancel' | 'capture', reference: unknown): Answer {
    const modificationPsp = psp();
    const ok = payment.state === 'authorised';
    if (ok) payment.state = kind === 'cancel' ? 'cancelled' : 'captured';
    notify({
      eventCode: kind === 'cancel' ? 'CANCELLATION' : 'CAPTURE', success: ok ? 'true' : 'false', pspReference: modificationPsp,
      originalReference: payment.pspReference, merchantReference: payment.merchantReference, amount: payment.amount,
      ...(ok ? {} : { reason: `Payment is ${payment.state}` }),
    });
    return {
      status: 201,
      body: {
        merchantAccount: ctx.merchantAccount, paymentPspReference: payment.pspReference, pspReference: modificationPsp,
        ...(typeof reference === 'string' ? { reference } : {}), status: 'received', ...(kind === 'capture' ? { amount: payment.amount } : {}),
      },
    };
  }

  async function handle(route: string, req: IncomingMessage, url: URL): Promise<Answer> {
    if (!safeEqual(header(req, 'x-api-key'), ctx.apiKey)) throw adyenError(401, '000', 'HTTP Status Response - Unauthorized', 'security');
    const [method, path = ''] = route.split(' ');
    const s = path.split('/').filter(Boolean); // v71, payments | cancels, psp?, cancels|captures?
    if (s[0] !== 'v71') throw adyenError(404, '000', 'Not found');
    if (method === 'GET' && s[1] === 'payments' && s.length === 2) {
      const reference = url.searchParams.get('merchantReference');
      if (!reference) throw adyenError(422, '130', "Required query parameter 'merchantReference' is not provided.");
      return { status: 200, body: { payments: [...payments.values()].filter((p) => p.payment.merchantReference === reference).map((p) => view(p.payment)) } };
    }
    if (method !== 'POST') throw adyenError(405, '000', 'Method not allowed');
    const body = await readJson(req);
    if (body.merchantAccount !== ctx.merchantAccount) throw adyenError(403, '901', 'Invalid Merchant Account', 'security');
    if (s[1] === 'payments' && s.length === 2) {
      const key = header(req, 'idempotency-key') ?? null;
      if (key === null) return authorise(body, null);
      const fingerprint = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      const stored = idempotency.get(key);
      if (stored) {
        if (stored.fingerprint !== fingerprint) throw adyenError(422, '704', 'request already processed or in progress');
        return { ...stored.answer, headers: { 'idempotency-key': key }, charged: false };
      }
      const answer = authorise(body, key);
      idempotency.set(key, { fingerprint, answer });
      return answer;
    }
    if (s[1] === 'payments' && s.length === 4 && (s[3] === 'cancels' || s[3] === 'captures')) {
      const entry = payments.get(s[2]!);
      if (!entry) throw adyenError(422, '167', 'Original pspReference required for this operation');
      return modify(entry.payment, s[3] === 'cancels' ? 'cancel' : 'capture', body.reference);
    }
    if (s[1] === 'cancels' && s.length === 2) {
      // Cancel by merchant reference, for payments whose PSP reference the merchant never received.
      if (typeof body.paymentReference !== 'string') throw adyenError(422, '130', "Required field 'paymentReference' is not provided.");
      const matching = [...payments.values()].filter((p) => p.payment.merchantReference === body.paymentReference);
      for (const { payment } of matching) if (payment.state === 'authorised') modify(payment, 'cancel', body.reference);
      return { status: 201, body: { merchantAccount: ctx.merchantAccount, paymentReference: body.paymentReference, pspReference: psp(), status: 'received' } };
    }
    throw adyenError(404, '000', 'Not found');
  }

  return {
    handle,
    markUnanswered(body: unknown) {
      const id = (body as { pspReference?: string })?.pspReference;
      const entry = id ? payments.get(id) : undefined;
      if (entry) entry.answered = false;
    },
    ledger(): LedgerEntry[] {
      return [...payments.values()].map(({ payment, idempotencyKey, answered }) => ({
        provider: 'acquira', id: payment.pspReference, idempotencyKey, reference: payment.merchantReference,
        amount: payment.amount.value, currency: payment.amount.currency, status: LEDGER_STATUS[payment.state],
        reason: payment.refusalReason ?? null, answered, createdAt: payment.createdAt,
      }));
    },
    reset() {
      payments.clear();
      idempotency.clear();
    },
  };
}

const LEDGER_STATUS: Record<AcquiraState, LedgerStatus> = { authorised: 'authorized', refused: 'refused', error: 'failed', cancelled: 'voided', captured: 'captured' };

const view = (p: AcquiraPayment) => ({
  pspReference: p.pspReference, merchantReference: p.merchantReference, amount: p.amount, resultCode: p.resultCode,
  status: p.state, ...(p.refusalReason ? { refusalReason: p.refusalReason } : {}), creationDate: p.createdAt,
});

/**
 * Adyen's HMAC for a notification item: base64 HMAC-SHA256, keyed by the hex-decoded key, of
 * `pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success`.
 */
export function acquiraHmac(hexKey: string, item: Omit<AcquiraNotificationItem, 'additionalData'>): string {
  const payload = [item.pspReference, item.originalReference ?? '', item.merchantAccountCode, item.merchantReference,
    item.amount.value, item.amount.currency, item.eventCode, item.success].join(':');
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(payload).digest('base64');
}
