import type { Metrics } from '../../../lib/metrics/index.js';
import { authorizeWithFailover, isLive, type PaymentProvider, type ProviderAttempt } from '../../payments/providers/index.js';
import type { PaymentAuthorizer } from '../ports.js';

/**
 * Payment through the provider clients of subgraphs/payments/providers, in the orders
 * process: until the payments subgraph exists (issue 16), this is the narrow port's adapter.
 * The providers are tried in order with `authorizeWithFailover` (lookup before failing over,
 * extra authorizations voided). `pending` (final state by webhook) counts as authorized and
 * is voided like one on compensation. `unresolved` (a charge may be held but could not be
 * looked up) is thrown as PAYMENT_UNRESOLVED, so the saga retries the step with the same key.
 * A retried attempt first asks every provider for a live authorization under the key (an
 * earlier attempt may have failed over and authorized at provider 2 before its process died):
 * the first found is kept and any other voided, so a resumed step never charges twice.
 */
export function providerPayments(providers: readonly PaymentProvider[], metrics?: Metrics): PaymentAuthorizer {
  return {
    async authorize({ key, amount, paymentMethod, retried }, signal) {
      if (retried) {
        const found = await findLive(providers, key, signal);
        if (found.length > 0) {
          const [kept, ...extra] = found as [ProviderAttempt, ...ProviderAttempt[]];
          for (const attempt of extra) await providers.find((p) => p.name === attempt.provider)!.void(attempt.authorizationId, signal);
          return { outcome: 'authorized', authorization: { provider: kept.provider, authorizationId: kept.authorizationId } };
        }
      }
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

/** Live attempts under `key` at every provider (a provider that cannot be asked is skipped: the failover asks it again). */
async function findLive(providers: readonly PaymentProvider[], key: string, signal?: AbortSignal): Promise<ProviderAttempt[]> {
  const found = await Promise.all(providers.map((p) => p.find(key, signal).catch(() => [] as ProviderAttempt[])));
  return found.flat().filter(isLive);
}
