import { UpstreamError } from '../../../lib/resilience/index.js';
import { checkAuthorizeRequest, type AttemptStatus, type PaymentProvider, type ProviderAttempt } from './PaymentProvider.js';
import { chargeFailure as failure } from './chargeFailure.js';
import { PAYMENT_POLICY_DEFAULTS, type ProviderOptions } from './ProviderOptions.js';
import { createProviderHttp } from './providerHttp.js';

/** Settings of the acquira API (authorise/cancel/capture). */
export interface AcquiraSettings {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly merchantAccount: string;
}

const STATUSES: Record<string, AttemptStatus> = { authorised: 'authorized', refused: 'refused', error: 'failed', cancelled: 'voided', captured: 'captured' };

/**
 * Acquira: `POST /v71/payments` with the idempotency key as both `Idempotency-Key` and the
 * merchant `reference`; the result code is synchronous. Cancels and captures are acknowledged
 * `received` and confirmed by a notification webhook, so `void` answers `requested`.
 */
export function createAcquiraProvider(settings: AcquiraSettings, options: ProviderOptions = {}): PaymentProvider {
  const name = 'acquira';
  // Two policies: charges trip their own breaker (so checkouts fail over fast), while lookups,
  // voids and captures, which resolve ambiguity and release money, are still attempted.
  const http = createProviderHttp({ ...PAYMENT_POLICY_DEFAULTS, ...options, name, baseUrl: settings.baseUrl });
  const reconcile = createProviderHttp({ ...PAYMENT_POLICY_DEFAULTS, ...options, name: `${name} reconciliation`, baseUrl: settings.baseUrl, connections: 4 });
  const headers = (key?: string) => ({
    'x-api-key': settings.apiKey, 'content-type': 'application/json', accept: 'application/json', ...(key ? { 'idempotency-key': key } : {}),
  });
  const post = (path: string, body: Record<string, unknown>, key: string | undefined, idempotent: boolean, signal?: AbortSignal) =>
    (idempotent ? reconcile : http).request({ method: 'POST', path, headers: headers(key), body: JSON.stringify({ merchantAccount: settings.merchantAccount, ...body }), idempotent, signal });

  return {
    name,
    get breakerState() {
      return http.policy.breakerState;
    },

    async authorize(request, signal) {
      checkAuthorizeRequest(request);
      const key = request.idempotencyKey;
      let answer: { status: number; body: unknown };
      try {
        answer = await post('/v71/payments', {
          reference: key, amount: { value: request.amount.amount, currency: request.amount.currency },
          paymentMethod: { type: 'scheme', storedPaymentMethodId: request.method.token }, shopperInteraction: 'Ecommerce', recurringProcessingModel: 'CardOnFile',
        }, key, false, signal);
      } catch (error) {
        return failure(name, error);
      }
      const { status, body } = answer;
      const result = body as { pspReference?: string; resultCode?: string; refusalReasonCode?: string; amount?: { value: number; currency: string } } | null;
      if (status === 200 && result?.pspReference) {
        if (result.resultCode === 'Authorised') {
          return { outcome: 'authorized', provider: name, authorizationId: result.pspReference, amount: { amount: result.amount?.value ?? request.amount.amount, currency: result.amount?.currency ?? request.amount.currency } };
        }
        if (result.resultCode === 'Refused') {
          return { outcome: 'refused', provider: name, reason: result.refusalReasonCode === '51' ? 'insufficient_funds' : 'declined', authorizationId: result.pspReference };
        }
        return { outcome: 'failed', provider: name, code: `RESULT_${String(result.resultCode).toUpperCase()}` };
      }
      // 704: the key was used before or is in flight: an attempt may exist.
      if ((result as { errorCode?: string } | null)?.errorCode === '704') return { outcome: 'ambiguous', provider: name, code: 'IDEMPOTENCY_CONFLICT' };
      return { outcome: 'failed', provider: name, code: `DECLINED_${status}` };
    },

    async find(idempotencyKey, signal) {
      const { status, body } = await reconcile.request({
        method: 'GET', path: '/v71/payments', headers: headers(), query: { merchantReference: idempotencyKey }, idempotent: true, signal,
      });
      const payments = (body as { payments?: { pspReference: string; status: string; refusalReason?: string; amount: { value: number; currency: string } }[] } | null)?.payments;
      if (status !== 200 || !Array.isArray(payments)) throw new UpstreamError('BAD_RESPONSE', `acquira lookup answered ${status}`, { status });
      return payments.map((p): ProviderAttempt => ({
        provider: name, authorizationId: p.pspReference, status: STATUSES[p.status] ?? 'created', amount: { amount: p.amount.value, currency: p.amount.currency },
        ...(p.status === 'refused' ? { refusalReason: p.refusalReason === 'Not enough balance' ? 'insufficient_funds' : 'declined' } : {}),
      }));
    },

    async void(authorizationId, signal) {
      const { status } = await post(`/v71/payments/${encodeURIComponent(authorizationId)}/cancels`, { reference: `void-${authorizationId}` },
        `void:${authorizationId}`, true, signal);
      if (status !== 201) throw new UpstreamError('DECLINED', `acquira cancel of ${authorizationId} answered ${status}`, { status });
      return 'requested';
    },

    async capture(authorizationId, amount, signal) {
      const { status } = await post(`/v71/payments/${encodeURIComponent(authorizationId)}/captures`, { amount: { value: amount.amount, currency: amount.currency } },
        `capture:${authorizationId}`, true, signal);
      if (status !== 201) throw new UpstreamError('DECLINED', `acquira capture of ${authorizationId} answered ${status}`, { status });
    },

    close: async () => {
      await Promise.all([http.close(), reconcile.close()]);
    },
  };
}
