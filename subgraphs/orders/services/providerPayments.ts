import type { Metrics } from '../../../lib/metrics/index.js';
import { authorizeWithFailover, type PaymentProvider } from '../../payments/providers/index.js';
import type { PaymentAuthorizer } from '../ports.js';

/**
 * Payment through the provider clients of subgraphs/payments/providers, in the orders
 * process: until the payments subgraph exists (issue 16), this is the narrow port's adapter.
 * The providers are tried in order with `authorizeWithFailover` (lookup before failing over,
 * extra authorizations voided). `pending` (final state by webhook) counts as authorized and
 * is voided like one on compensation. `unresolved` (a charge may be held but could not be
 * looked up) is thrown as PAYMENT_UNRESOLVED, so the saga retries the step with the same key.
 */
export function providerPayments(providers: readonly PaymentProvider[], metrics?: Metrics): PaymentAuthorizer {
  return {
    async authorize({ key, amount, paymentMethod }, signal) {
      const result = await authorizeWithFailover(providers, { idempotencyKey: key, amount, method: { type: 'card', token: paymentMethod } }, { signal, metrics });
      switch (result.outcome) {
        case 'authorized':
        case 'pending':
          return { outcome: 'authorized', authorization: { provider: result.provider, authorizationId: result.authorizationId } };
        case 'refused':
          return { outcome: 'declined', reason: result.reason };
        case 'failed':
          return { outcome: 'unavailable', reason: result.steps.map((s) => `${s.provider}:${s.code ?? s.result}`).join(',') };
        case 'unresolved':
          throw Object.assign(new Error(`an authorization at ${result.provider} could not be looked up`), { code: 'PAYMENT_UNRESOLVED' });
      }
    },
    async void(authorization, signal) {
      const provider = providers.find((p) => p.name === authorization.provider);
      if (!provider) throw new Error(`no payment provider ${authorization.provider} to void ${authorization.authorizationId}`);
      await provider.void(authorization.authorizationId, signal);
    },
  };
}
