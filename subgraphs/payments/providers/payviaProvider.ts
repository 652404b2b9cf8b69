import { UpstreamError } from '../../../lib/resilience/index.js';
import { checkAuthorizeRequest, type AttemptStatus, type PaymentProvider, type ProviderAttempt } from './PaymentProvider.js';
import { PAYMENT_POLICY_DEFAULTS, type ProviderOptions } from './ProviderOptions.js';
import { chargeFailure as failure } from './chargeFailure.js';
import { createProviderHttp } from './providerHttp.js';

/** Settings of the payvia API (intent style). */
export interface PayviaSettings {
  readonly baseUrl: string;
  readonly secretKey: string;
}

interface Intent {
  id: string;
  status: string;
  amount: number;
  currency: string;
  last_payment_error?: { type?: string; code?: string; decline_code?: string } | null;
}

/**
 * Payvia: one POST creates and confirms a manual-capture intent under the `Idempotency-Key`,
 * with the key also in `metadata[idempotency_key]` so a search finds the attempt when the
 * answer was lost. Search is eventually consistent at the provider (it may miss an intent
 * seconds old): {@link authorizeWithFailover} re-checks and webhooks catch the rest.
 */
export function createPayviaProvider(settings: PayviaSettings, options: ProviderOptions = {}): PaymentProvider {
  const name = 'payvia';
  // Two policies: charges trip their own breaker (so checkouts fail over fast), while lookups,
  // voids and captures, which resolve ambiguity and release money, are still attempted.
  const http = createProviderHttp({ ...PAYMENT_POLICY_DEFAULTS, ...options, name, baseUrl: settings.baseUrl });
  const reconcile = createProviderHttp({ ...PAYMENT_POLICY_DEFAULTS, ...options, name: `${name} reconciliation`, baseUrl: settings.baseUrl, connections: 4 });
  const headers = (key?: string) => ({
    authorization: `Bearer ${settings.secretKey}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json',
    ...(key ? { 'idempotency-key': key } : {}),
  });
  const post = (path: string, form: Record<string, string>, key: string, idempotent: boolean, signal?: AbortSignal) =>
    (idempotent ? reconcile : http).request({ method: 'POST', path, headers: headers(key), body: new URLSearchParams(form).toString(), idempotent, signal });

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
        answer = await post('/v1/payment_intents', {
          amount: String(request.amount.amount), currency: request.amount.currency.toLowerCase(), payment_method: request.method.token,
          confirm: 'true', capture_method: 'manual', 'metadata[idempotency_key]': key, 'metadata[reference]': key,
        }, key, false, signal);
      } catch (error) {
        return failure(name, error);
      }
      const { status, body } = answer;
      if (status === 200) {
        const intent = body as Intent;
        const amount = { amount: intent.amount, currency: intent.currency.toUpperCase() };
        if (intent.status === 'requires_capture') return { outcome: 'authorized', provider: name, authorizationId: intent.id, amount };
        if (intent.status === 'processing') return { outcome: 'pending', provider: name, authorizationId: intent.id, amount };
        return { outcome: 'failed', provider: name, code: `UNEXPECTED_STATUS_${intent.status.toUpperCase()}` };
      }
      const error = (body as { error?: { type?: string; code?: string; decline_code?: string; payment_intent?: { id?: string } } } | null)?.error;
      if (status === 402 && error?.type === 'card_error') {
        return {
          outcome: 'refused', provider: name, reason: error.decline_code === 'insufficient_funds' ? 'insufficient_funds' : 'declined',
          ...(error.payment_intent?.id ? { authorizationId: error.payment_intent.id } : {}),
        };
      }
      // 409: the key is in use by a request in flight, or was used before: an attempt may exist.
      if (status === 409) return { outcome: 'ambiguous', provider: name, code: 'IDEMPOTENCY_CONFLICT' };
      return { outcome: 'failed', provider: name, code: `DECLINED_${status}` };
    },

    async find(idempotencyKey, signal) {
      const { status, body } = await reconcile.request({
        method: 'GET', path: '/v1/payment_intents/search', headers: headers(),
        query: { query: `metadata['idempotency_key']:'${idempotencyKey.replace(/'/g, '')}'` }, idempotent: true, signal,
      });
      if (status !== 200) throw new UpstreamError('BAD_RESPONSE', `payvia search answered ${status}`, { status });
      const data = (body as { data?: Intent[] } | null)?.data;
      if (!Array.isArray(data)) throw new UpstreamError('BAD_RESPONSE', 'payvia search: no data array');
      return data.map((intent): ProviderAttempt => ({
        provider: name, authorizationId: intent.id, status: attemptStatus(intent), amount: { amount: intent.amount, currency: intent.currency.toUpperCase() },
        ...(intent.last_payment_error?.type === 'card_error' ? { refusalReason: intent.last_payment_error.decline_code === 'insufficient_funds' ? 'insufficient_funds' : 'declined' } : {}),
      }));
    },

    async void(authorizationId, signal) {
      const { status, body } = await post(`/v1/payment_intents/${encodeURIComponent(authorizationId)}/cancel`, { cancellation_reason: 'abandoned' },
        `void:${authorizationId}`, true, signal);
      if (status === 200) return 'voided';
      const state = (body as { error?: { payment_intent?: { status?: string } } } | null)?.error?.payment_intent?.status;
      if (state === 'canceled') return 'voided';
      if (state === 'succeeded') return 'not_voidable';
      throw new UpstreamError('DECLINED', `payvia cancel of ${authorizationId} answered ${status}`, { status });
    },

    async capture(authorizationId, amount, signal) {
      const { status } = await post(`/v1/payment_intents/${encodeURIComponent(authorizationId)}/capture`, { amount_to_capture: String(amount.amount) },
        `capture:${authorizationId}`, true, signal);
      if (status !== 200) throw new UpstreamError('DECLINED', `payvia capture of ${authorizationId} answered ${status}`, { status });
    },

    close: async () => {
      await Promise.all([http.close(), reconcile.close()]);
    },
  };
}

function attemptStatus(intent: Intent): AttemptStatus {
  switch (intent.status) {
    case 'requires_capture': return 'authorized';
    case 'processing': return 'pending';
    case 'succeeded': return 'captured';
    case 'canceled': return 'voided';
    case 'requires_payment_method': return intent.last_payment_error?.type === 'card_error' ? 'refused' : intent.last_payment_error ? 'failed' : 'created';
    default: return 'created';
  }
}
