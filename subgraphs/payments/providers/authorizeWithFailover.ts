import type { Metrics } from '../../../lib/metrics/index.js';
import { isLive, type AuthorizeRequest, type Money, type PaymentProvider, type ProviderAttempt, type RefusalReason } from './PaymentProvider.js';

/** One step of a failover, for the saga's log and the metrics. */
export interface FailoverStep {
  readonly provider: string;
  readonly step: 'authorize' | 'lookup' | 'recheck' | 'void';
  /** The authorize outcome, `found`/`not_found`/`error` for lookups, `voided`/`requested`/`not_voidable`/`error` for voids. */
  readonly result: string;
  readonly code?: string;
}

/**
 * What {@link authorizeWithFailover} came to:
 * - `authorized` / `pending`: the one live authorization (pending: final state by webhook).
 *   `extraVoided` lists extra live authorizations found and voided; `unvoided` those whose void
 *   failed and `unchecked` the providers that could not be re-checked: the caller retries both.
 * - `refused`: a business refusal (never failed over).
 * - `failed`: every provider failed technically; no money is held anywhere.
 * - `unresolved`: an attempt may hold money at `provider` but it could not be looked up; the
 *   caller must find (and void) it before trying again; nothing else was tried after it.
 */
export type FailoverResult =
  | {
    readonly outcome: 'authorized' | 'pending'; readonly provider: string; readonly authorizationId: string; readonly amount: Money;
    readonly extraVoided: readonly ProviderAttempt[]; readonly unvoided: readonly ProviderAttempt[]; readonly unchecked: readonly string[];
    readonly steps: readonly FailoverStep[];
  }
  | { readonly outcome: 'refused'; readonly provider: string; readonly reason: RefusalReason; readonly steps: readonly FailoverStep[] }
  | { readonly outcome: 'failed'; readonly steps: readonly FailoverStep[] }
  | { readonly outcome: 'unresolved'; readonly provider: string; readonly steps: readonly FailoverStep[] };

export interface FailoverOptions {
  /** The caller's overall deadline for every call made. */
  readonly signal?: AbortSignal;
  /**
   * Where to count: `payment_authorizations_total{provider,outcome}`,
   * `payment_failovers_total{from,to}`, `payment_extra_authorizations_voided_total{provider}`.
   */
  readonly metrics?: Metrics;
}

/**
 * Authorizes at the first provider, failing over to the next only when no money can be
 * held at the one before: after a technical failure, or after an ambiguous one (timeout,
 * dropped connection) once a lookup by idempotency key found no live attempt. A business
 * refusal ends it. Never leaves two live authorizations knowingly: extras found (at the
 * provider that answered, or on a re-check of those whose lookup came back empty) are voided
 * and counted.
 */
export async function authorizeWithFailover(providers: readonly PaymentProvider[], request: AuthorizeRequest, options: FailoverOptions = {}): Promise<FailoverResult> {
  const { signal, metrics } = options;
  const steps: FailoverStep[] = [];
  const authorizations = metrics?.counter('payment_authorizations_total', 'Authorize calls by provider and outcome', ['provider', 'outcome']);
  const failovers = metrics?.counter('payment_failovers_total', 'Failovers from one payment provider to the next', ['from', 'to']);
  const extrasVoided = metrics?.counter('payment_extra_authorizations_voided_total', 'Extra live authorizations found and voided', ['provider']);
  const emptyLookups: PaymentProvider[] = [];
  let chosen: { provider: PaymentProvider; outcome: 'authorized' | 'pending'; authorizationId: string; amount: Money } | undefined;
  let extras: { provider: PaymentProvider; attempt: ProviderAttempt }[] = [];

  for (const [i, provider] of providers.entries()) {
    const result = await provider.authorize(request, signal);
    authorizations?.inc({ provider: provider.name, outcome: result.outcome });
    steps.push({ provider: provider.name, step: 'authorize', result: result.outcome, ...('code' in result ? { code: result.code } : {}) });
    if (result.outcome === 'authorized' || result.outcome === 'pending') {
      chosen = { provider, outcome: result.outcome, authorizationId: result.authorizationId, amount: result.amount };
      break;
    }
    if (result.outcome === 'refused') return { outcome: 'refused', provider: provider.name, reason: result.reason, steps };
    if (result.outcome === 'ambiguous') {
      let found: ProviderAttempt[];
      try {
        found = await provider.find(request.idempotencyKey, signal);
      } catch (error) {
        steps.push({ provider: provider.name, step: 'lookup', result: 'error', code: (error as { code?: string }).code ?? 'UNKNOWN' });
        return { outcome: 'unresolved', provider: provider.name, steps };
      }
      steps.push({ provider: provider.name, step: 'lookup', result: found.length > 0 ? 'found' : 'not_found' });
      const live = found.filter(isLive);
      if (live.length > 0) {
        const [first, ...rest] = live as [ProviderAttempt, ...ProviderAttempt[]];
        chosen = { provider, outcome: first.status === 'authorized' ? 'authorized' : 'pending', authorizationId: first.authorizationId, amount: first.amount };
        extras = rest.map((attempt) => ({ provider, attempt }));
        break;
      }
      const refused = found.find((a) => a.status === 'refused');
      if (refused) return { outcome: 'refused', provider: provider.name, reason: refused.refusalReason ?? 'declined', steps };
      emptyLookups.push(provider);
    }
    const next = providers[i + 1];
    if (next) failovers?.inc({ from: provider.name, to: next.name });
  }
  if (!chosen) return { outcome: 'failed', steps };

  // A lookup can come back empty while the provider still records the attempt (search lag):
  // look again now that another provider holds the money.
  const unchecked: string[] = [];
  for (const provider of emptyLookups) {
    try {
      const live = (await provider.find(request.idempotencyKey, signal)).filter(isLive);
      steps.push({ provider: provider.name, step: 'recheck', result: live.length > 0 ? 'found' : 'not_found' });
      extras.push(...live.map((attempt) => ({ provider, attempt })));
    } catch (error) {
      steps.push({ provider: provider.name, step: 'recheck', result: 'error', code: (error as { code?: string }).code ?? 'UNKNOWN' });
      unchecked.push(provider.name);
    }
  }
  const extraVoided: ProviderAttempt[] = [];
  const unvoided: ProviderAttempt[] = [];
  for (const { provider, attempt } of extras) {
    try {
      const result = await provider.void(attempt.authorizationId, signal);
      steps.push({ provider: provider.name, step: 'void', result });
      if (result === 'not_voidable') unvoided.push(attempt);
      else {
        extraVoided.push(attempt);
        extrasVoided?.inc({ provider: provider.name });
      }
    } catch (error) {
      steps.push({ provider: provider.name, step: 'void', result: 'error', code: (error as { code?: string }).code ?? 'UNKNOWN' });
      unvoided.push(attempt);
    }
  }
  return {
    outcome: chosen.outcome, provider: chosen.provider.name, authorizationId: chosen.authorizationId, amount: chosen.amount,
    extraVoided, unvoided, unchecked, steps,
  };
}
