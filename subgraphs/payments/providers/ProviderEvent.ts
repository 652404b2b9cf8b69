import type { AttemptStatus } from './PaymentProvider.js';

/** A verified provider webhook event, in provider-neutral terms. */
export interface ProviderEvent {
  readonly provider: string;
  /** Unique per event at the provider: the key of the payments inbox (a duplicate is dropped). */
  readonly eventId: string;
  /** The authorization the event is about (for a cancel or capture: the original payment). */
  readonly authorizationId: string;
  /** Our idempotency key (metadata or merchant reference), when the event carries it. */
  readonly idempotencyKey: string | null;
  /** The attempt's state the event reports; null when it reports no change (a failed cancel). */
  readonly status: AttemptStatus | null;
  readonly occurredAt: Date;
}

export { WebhookVerificationError, type WebhookVerificationCode } from '../../../lib/http/index.js';

const RANK: Record<AttemptStatus, number> = { created: 0, pending: 1, authorized: 2, refused: 2, failed: 2, voided: 3, captured: 3 };

/**
 * The attempt's state after an event: states only move forward (created → pending →
 * authorized | refused | failed → voided | captured), so an event arriving late or twice
 * changes nothing.
 */
export function statusAfter(current: AttemptStatus | null, event: Pick<ProviderEvent, 'status'>): AttemptStatus | null {
  if (event.status === null) return current;
  if (current === null || RANK[event.status] > RANK[current]) return event.status;
  return current;
}
