import type { BreakerState } from '../../../lib/resilience/index.js';

/** Integer minor units and an ISO 4217 currency (upper case). */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** A card as the shared vault tokenised it; both providers accept the token. */
export interface PaymentMethod {
  readonly type: 'card';
  readonly token: string;
}

/** One authorization attempt to make. */
export interface AuthorizeRequest {
  /**
   * Saga id + step. Sent as the `Idempotency-Key` and recorded as the merchant reference
   * (acquira) or metadata (payvia), so {@link PaymentProvider.find} can look the attempt up.
   * 1 to 80 characters of `[A-Za-z0-9:_-]`.
   */
  readonly idempotencyKey: string;
  readonly amount: Money;
  readonly method: PaymentMethod;
}

/** Why an issuer refused: a business refusal, never failed over. */
export type RefusalReason = 'insufficient_funds' | 'declined';

/**
 * What one authorize call came to:
 * - `authorized`: money is held; `authorizationId` voids or captures it.
 * - `pending`: accepted, final state later (webhook or {@link PaymentProvider.find}).
 * - `refused`: a business refusal by the issuer; failing over would only annoy the customer.
 * - `failed`: a technical failure that holds no money (the request never reached the
 *   provider, or it answered that it did not process it): failing over is safe.
 * - `ambiguous`: the request may have been processed but no answer came (timeout, dropped
 *   connection, 5xx mid-way): look the attempt up before going anywhere else.
 */
export type AuthorizeResult =
  | { readonly outcome: 'authorized'; readonly provider: string; readonly authorizationId: string; readonly amount: Money }
  | { readonly outcome: 'pending'; readonly provider: string; readonly authorizationId: string; readonly amount: Money }
  | { readonly outcome: 'refused'; readonly provider: string; readonly reason: RefusalReason; readonly authorizationId?: string }
  | { readonly outcome: 'failed'; readonly provider: string; readonly code: string }
  | { readonly outcome: 'ambiguous'; readonly provider: string; readonly code: string };

/** Provider-neutral state of an attempt found at a provider. */
export type AttemptStatus = 'created' | 'pending' | 'authorized' | 'refused' | 'failed' | 'voided' | 'captured';

/** An attempt as the provider records it. */
export interface ProviderAttempt {
  readonly provider: string;
  readonly authorizationId: string;
  readonly status: AttemptStatus;
  readonly amount: Money;
  /** For a `refused` attempt, why, when the provider says. */
  readonly refusalReason?: RefusalReason;
}

/** True for an attempt that holds (or may soon hold) the customer's money. */
export const isLive = (attempt: Pick<ProviderAttempt, 'status'>): boolean => attempt.status === 'authorized' || attempt.status === 'pending';

/** What became of a void: `voided` now, `requested` (confirmed later by a webhook), or not voidable (captured). */
export type VoidResult = 'voided' | 'requested' | 'not_voidable';

/**
 * A payment provider behind the project's resilience policy. Answers the provider gives are
 * results; a provider that cannot answer a lookup, void or capture throws an `UpstreamError`.
 * `signal` is the caller's overall deadline.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Sent once (never retried: an unanswered charge is `ambiguous`, resolved by {@link find}). */
  authorize(request: AuthorizeRequest, signal?: AbortSignal): Promise<AuthorizeResult>;
  /** Every attempt the provider holds under `idempotencyKey`, oldest first; retried (a read). */
  find(idempotencyKey: string, signal?: AbortSignal): Promise<ProviderAttempt[]>;
  /** Releases an authorization; idempotent, retried. */
  void(authorizationId: string, signal?: AbortSignal): Promise<VoidResult>;
  /** Captures the authorized amount; idempotent, retried. */
  capture(authorizationId: string, amount: Money, signal?: AbortSignal): Promise<void>;
  readonly breakerState: BreakerState;
  close(): Promise<void>;
}

const KEY = /^[A-Za-z0-9:_-]{1,80}$/;

/** Throws a TypeError naming the field unless the request is well formed (a programming error, not input). */
export function checkAuthorizeRequest(request: AuthorizeRequest): void {
  if (!KEY.test(request.idempotencyKey)) throw new TypeError(`idempotencyKey must be 1 to 80 characters of [A-Za-z0-9:_-] (got ${JSON.stringify(request.idempotencyKey)})`);
  if (!Number.isInteger(request.amount.amount) || request.amount.amount < 1) throw new TypeError(`amount.amount must be a positive integer of minor units (got ${request.amount.amount})`);
  if (!/^[A-Z]{3}$/.test(request.amount.currency)) throw new TypeError(`amount.currency must be an ISO 4217 code (got ${JSON.stringify(request.amount.currency)})`);
  if (request.method.type !== 'card' || request.method.token === '') throw new TypeError('method must be a card token');
}
