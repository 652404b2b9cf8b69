import { GraphQLError } from 'graphql';
import type { Db } from '../../lib/db/index.js';
import { ErrorCode } from '../../lib/errors/index.js';
import type { PaymentStatus } from '../../lib/events/index.js';
import type { Metrics } from '../../lib/metrics/index.js';
import { paymentStore, type NewPayment, type PaymentRow } from './paymentStore.js';
import { authorizeWithFailover, isLive, type FailoverStep, type PaymentProvider, type ProviderAttempt } from './providers/index.js';

/** What `authorizePayment` answers. */
export type AuthorizationAnswer =
  | { readonly outcome: 'AUTHORIZED'; readonly provider: string; readonly authorizationId: string }
  | { readonly outcome: 'DECLINED' | 'UNAVAILABLE'; readonly reason: string };

/** What the payment commands work with. */
export interface PaymentDeps {
  readonly db: Db;
  readonly providers: readonly PaymentProvider[];
  readonly metrics?: Metrics;
  /** How long one call holds a payment's key: past most authorizes with failover, short enough that the key of a crashed call is taken over within the saga's retries. A call outliving it is safe: the later one looks first, the loser's authorization is voided. @default 10000 */
  readonly leaseMs?: number;
}

const coded = (code: ErrorCode, message: string) => new GraphQLError(message, { extensions: { code } });

/** A settled payment as the answer the orders saga understands; undefined while AUTHORIZING. */
function answerOf(payment: PaymentRow): AuthorizationAnswer | undefined {
  switch (payment.status) {
    case 'AUTHORIZED':
    case 'PENDING':
    case 'CAPTURED':
      return { outcome: 'AUTHORIZED', provider: payment.provider!, authorizationId: payment.authorization_id! };
    case 'DECLINED':
      return { outcome: 'DECLINED', reason: payment.failure_reason ?? 'declined' };
    case 'FAILED':
      return { outcome: 'UNAVAILABLE', reason: payment.failure_reason ?? 'failed' };
    case 'VOIDED':
      // Released by the saga's compensation (or voided by the provider): nothing is held.
      return { outcome: 'UNAVAILABLE', reason: payment.failure_reason ?? 'voided' };
    case 'AUTHORIZING':
      return undefined;
  }
}

/** Registers the payment counters at start, so /metrics (and the dashboard) show them before the first payment. */
export function declarePaymentMetrics(metrics: Metrics | undefined): void {
  metrics?.counter('payment_authorizations_total', 'Authorize calls by provider and outcome', ['provider', 'outcome']);
  metrics?.counter('payment_failovers_total', 'Failovers from one payment provider to the next', ['from', 'to']);
  extrasVoided(metrics);
  metrics?.counter('payment_webhooks_total', 'Provider webhooks by provider and result', ['provider', 'result']);
}

const extrasVoided = (metrics: Metrics | undefined) =>
  metrics?.counter('payment_extra_authorizations_voided_total', 'Extra live authorizations found and voided', ['provider']);

/**
 * Authorizes a payment once per idempotency key. The payment row is created first; one call
 * at a time holds its lease (another answers PAYMENT_IN_PROGRESS). A call after an earlier
 * one whose result was never recorded (a crash, a lost answer, PAYMENT_UNRESOLVED) first asks
 * every provider for a live attempt under the key: the first found is kept and any other
 * voided (counted), so nothing is charged twice. `pending` (final state by webhook) holds the
 * money like an authorization and is answered AUTHORIZED. A key released meanwhile
 * ({@link releasePayment}) gets what this call authorized voided at once.
 */
export async function authorizePayment(deps: PaymentDeps, request: NewPayment & { readonly paymentMethod: string }, signal?: AbortSignal): Promise<AuthorizationAnswer> {
  const { db, providers, metrics } = deps;
  const { row: existing } = await paymentStore.findOrCreate(db, request);
  if (existing.order_id !== request.orderId || existing.amount !== request.amount || existing.currency !== request.currency) {
    throw coded(ErrorCode.IDEMPOTENCY_KEY_REUSED, `The key ${request.idempotencyKey} was used for another payment`);
  }
  const settled = answerOf(existing);
  if (settled) return settled;
  const payment = await paymentStore.claim(db, existing.id, deps.leaseMs ?? 10_000);
  if (!payment) {
    const now = await paymentStore.byKey(db, request.idempotencyKey);
    const answer = now && answerOf(now);
    if (answer) return answer;
    throw coded(ErrorCode.PAYMENT_IN_PROGRESS, `A call for payment ${request.idempotencyKey} is at the providers; retry with the same key`);
  }
  // Records the outcome. When the payment settled meanwhile (released, or another call that
  // took over after this one's lease ran out), what this call authorized is an extra: voided.
  const finish = async (steps: readonly FailoverStep[], outcome: Parameters<typeof paymentStore.settle>[2]): Promise<AuthorizationAnswer> => {
    const row = await db.transaction(async (tx) => {
      await paymentStore.addAttempts(tx, payment.id, steps);
      return paymentStore.settle(tx, payment.id, outcome);
    });
    if (row) return answerOf(row)!;
    const now = (await paymentStore.byKey(db, request.idempotencyKey))!;
    if ((outcome.status === 'AUTHORIZED' || outcome.status === 'PENDING') && outcome.authorizationId !== now.authorization_id) {
      await providerOf(providers, outcome.provider).void(outcome.authorizationId, signal);
      extrasVoided(metrics)?.inc({ provider: outcome.provider });
    }
    return answerOf(now) ?? { outcome: 'UNAVAILABLE', reason: 'released' };
  };
  try {
    if (payment.attempts > 1) {
      const found = await findLive(providers, request.idempotencyKey, signal);
      if (found.length > 0) {
        const [kept, ...extra] = found as [ProviderAttempt, ...ProviderAttempt[]];
        const steps: FailoverStep[] = [{ provider: kept.provider, step: 'lookup', result: 'found' }];
        for (const attempt of extra) {
          steps.push({ provider: attempt.provider, step: 'void', result: await providerOf(providers, attempt.provider).void(attempt.authorizationId, signal) });
          extrasVoided(metrics)?.inc({ provider: attempt.provider });
        }
        return await finish(steps, { status: kept.status === 'authorized' ? 'AUTHORIZED' : 'PENDING', provider: kept.provider, authorizationId: kept.authorizationId });
      }
    }
    const result = await authorizeWithFailover(providers, {
      idempotencyKey: request.idempotencyKey, amount: { amount: request.amount, currency: request.currency }, method: { type: 'card', token: request.paymentMethod },
    }, { signal, metrics });
    switch (result.outcome) {
      case 'authorized':
      case 'pending':
        return await finish(result.steps, { status: result.outcome === 'authorized' ? 'AUTHORIZED' : 'PENDING', provider: result.provider, authorizationId: result.authorizationId });
      case 'refused':
        return await finish(result.steps, { status: 'DECLINED', reason: result.reason });
      case 'failed':
        return await finish(result.steps, { status: 'FAILED', reason: result.steps.map((s) => `${s.provider}:${s.code ?? s.result}`).join(',') });
      case 'unresolved':
        await db.transaction((tx) => paymentStore.addAttempts(tx, payment.id, result.steps));
        throw coded(ErrorCode.PAYMENT_UNRESOLVED, `An authorization at ${result.provider} could not be looked up; retry with the same key`);
    }
  } catch (error) {
    // The outcome is unknown (unresolved, a provider client failing, the deadline): the next call looks first.
    await paymentStore.unclaim(db, payment.id).catch(() => undefined);
    throw error;
  }
}

/**
 * The compensation of {@link authorizePayment}: voids what the key holds and refuses it from
 * then on. An authorization whose outcome was never recorded is looked up at every provider;
 * one that cannot be asked makes this PAYMENT_UNRESOLVED, to be retried. A key never seen
 * gets a tombstone, so an authorize arriving late charges nothing.
 */
export async function releasePayment(deps: PaymentDeps, request: NewPayment, signal?: AbortSignal): Promise<PaymentStatus> {
  const { db, providers, metrics } = deps;
  const { row, created } = await paymentStore.findOrCreate(db, request, 'VOIDED');
  if (created) return 'VOIDED';
  if ((row.status === 'AUTHORIZED' || row.status === 'PENDING') && row.provider && row.authorization_id) {
    const voided = await voidAuthorization(deps, row.provider, row.authorization_id, signal);
    return voided ? 'VOIDED' : 'CAPTURED';
  }
  if (row.status !== 'AUTHORIZING' && row.status !== 'VOIDED') return row.status;
  if (row.status === 'AUTHORIZING') await paymentStore.refuse(db, row.id);
  if (row.authorization_id) return 'VOIDED';
  // Never recorded: whatever a call under the key may have left at a provider goes.
  const found = await Promise.all(providers.map((p) => p.find(request.idempotencyKey, signal).then((a) => a.filter(isLive), () => undefined)));
  for (const attempt of found.flat()) {
    if (!attempt) continue;
    await providerOf(providers, attempt.provider).void(attempt.authorizationId, signal);
    extrasVoided(metrics)?.inc({ provider: attempt.provider });
  }
  if (found.includes(undefined)) throw coded(ErrorCode.PAYMENT_UNRESOLVED, `A provider could not be asked for ${request.idempotencyKey}; retry the release`);
  return 'VOIDED';
}

/** Live attempts under `key` at every provider (one that cannot be asked is skipped: the failover asks it again). */
async function findLive(providers: readonly PaymentProvider[], key: string, signal?: AbortSignal): Promise<ProviderAttempt[]> {
  const found = await Promise.all(providers.map((p) => p.find(key, signal).catch(() => [] as ProviderAttempt[])));
  return found.flat().filter(isLive);
}

function providerOf(providers: readonly PaymentProvider[], name: string): PaymentProvider {
  const provider = providers.find((p) => p.name === name);
  if (!provider) throw coded(ErrorCode.BAD_USER_INPUT, `No payment provider ${JSON.stringify(name)} is configured`);
  return provider;
}

/** Voids an authorization at its provider and marks its payment VOIDED; false when it can no longer be voided (captured). */
export async function voidAuthorization(deps: Pick<PaymentDeps, 'db' | 'providers'>, provider: string, authorizationId: string, signal?: AbortSignal): Promise<boolean> {
  const result = await providerOf(deps.providers, provider).void(authorizationId, signal);
  if (result === 'not_voidable') return false;
  // `requested`: the provider confirms by webhook; the payment is released either way.
  await deps.db.transaction((tx) => paymentStore.markVoided(tx, provider, authorizationId));
  return true;
}
