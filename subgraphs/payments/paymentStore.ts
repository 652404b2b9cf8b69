import { randomUUID } from 'node:crypto';
import type { Queryable, Tx } from '../../lib/db/index.js';
import type { PaymentStatus } from '../../lib/events/index.js';
import { statusAfter, type AttemptStatus, type FailoverStep, type ProviderEvent } from './providers/index.js';

export interface PaymentRow {
  readonly id: string;
  readonly order_id: string;
  readonly customer: string;
  readonly idempotency_key: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: PaymentStatus;
  readonly provider: string | null;
  readonly authorization_id: string | null;
  readonly failure_reason: string | null;
  readonly attempts: number;
  readonly updated_at: Date;
}

export interface AttemptRow {
  readonly payment_id: string;
  readonly provider: string;
  readonly step: string;
  readonly result: string;
  readonly code: string | null;
  readonly at: Date;
}

/** What a payment is created with. */
export interface NewPayment {
  readonly orderId: string;
  readonly customer: string;
  readonly idempotencyKey: string;
  readonly amount: number;
  readonly currency: string;
}

const PAYMENT = `id::text AS id, order_id, customer, idempotency_key, amount::int AS amount, currency::text AS currency, status,
  provider, authorization_id, failure_reason, attempts, updated_at`;

/** The provider-neutral attempt state a payment status stands for, and back. */
const ATTEMPT_STATUS: Partial<Record<PaymentStatus, AttemptStatus>> = {
  AUTHORIZED: 'authorized', PENDING: 'pending', DECLINED: 'refused', FAILED: 'failed', VOIDED: 'voided', CAPTURED: 'captured',
};
const PAYMENT_STATUS: Record<AttemptStatus, PaymentStatus> = {
  created: 'PENDING', pending: 'PENDING', authorized: 'AUTHORIZED', refused: 'DECLINED', failed: 'FAILED', voided: 'VOIDED', captured: 'CAPTURED',
};

/** SQL of payments, their attempts and the webhook inbox. */
export const paymentStore = {
  /**
   * The payment under `key`, created when new (AUTHORIZING, or VOIDED: a release that came
   * first leaves a tombstone refusing the key); `created` tells which.
   */
  async findOrCreate(db: Queryable, payment: NewPayment, status: 'AUTHORIZING' | 'VOIDED' = 'AUTHORIZING'): Promise<{ row: PaymentRow; created: boolean }> {
    const inserted = await db.query<PaymentRow>(
      `INSERT INTO payments.payments (id, order_id, customer, idempotency_key, amount, currency, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${PAYMENT}`,
      [randomUUID(), payment.orderId, payment.customer, payment.idempotencyKey, payment.amount, payment.currency, status]);
    if (inserted.rows[0]) return { row: inserted.rows[0], created: true };
    return { row: (await paymentStore.byKey(db, payment.idempotencyKey))!, created: false };
  },

  async byKey(db: Queryable, key: string): Promise<PaymentRow | undefined> {
    const { rows } = await db.query<PaymentRow>(`SELECT ${PAYMENT} FROM payments.payments WHERE idempotency_key = $1`, [key]);
    return rows[0];
  },

  /** The newest payment of each order. */
  async byOrders(db: Queryable, orderIds: readonly string[]): Promise<PaymentRow[]> {
    const { rows } = await db.query<PaymentRow>(
      `SELECT DISTINCT ON (order_id) ${PAYMENT} FROM payments.payments WHERE order_id = ANY($1::text[]) ORDER BY order_id, created_at DESC`, [orderIds]);
    return rows;
  },

  async attemptsOf(db: Queryable, paymentIds: readonly string[]): Promise<AttemptRow[]> {
    const { rows } = await db.query<AttemptRow>(
      'SELECT payment_id::text AS payment_id, provider, step, result, code, at FROM payments.attempts WHERE payment_id = ANY($1::uuid[]) ORDER BY payment_id, seq',
      [paymentIds]);
    return rows;
  },

  /**
   * Takes the right to call the providers for an AUTHORIZING payment for `leaseMs`, counting
   * the call; undefined when another call holds it (or the payment is no longer authorizing).
   */
  async claim(db: Queryable, id: string, leaseMs: number): Promise<PaymentRow | undefined> {
    const { rows } = await db.query<PaymentRow>(
      `UPDATE payments.payments SET attempts = attempts + 1, lease_until = now() + $2 * interval '1 millisecond', updated_at = now()
       WHERE id = $1 AND status = 'AUTHORIZING' AND (lease_until IS NULL OR lease_until < now()) RETURNING ${PAYMENT}`,
      [id, leaseMs]);
    return rows[0];
  },

  /** Gives the lease back without a result (the outcome is unknown: the next call looks first). */
  async unclaim(db: Queryable, id: string): Promise<void> {
    await db.query('UPDATE payments.payments SET lease_until = NULL WHERE id = $1', [id]);
  },

  /** Records the calls a failover made. */
  async addAttempts(tx: Tx, paymentId: string, steps: readonly FailoverStep[]): Promise<void> {
    if (steps.length === 0) return;
    await tx.query(
      `INSERT INTO payments.attempts (payment_id, seq, provider, step, result, code)
       SELECT $1, (SELECT coalesce(max(seq), 0) FROM payments.attempts WHERE payment_id = $1) + s.n, s.provider, s.step, s.result, s.code
       FROM jsonb_to_recordset($2::jsonb) AS s(n int, provider text, step text, result text, code text)`,
      [paymentId, JSON.stringify(steps.map((s, i) => ({ n: i + 1, provider: s.provider, step: s.step, result: s.result, code: s.code ?? null })))]);
  },

  /**
   * The outcome of an authorization: for a live one, the provider and authorization, with
   * the status folded with every webhook of it already in the inbox (one may have overtaken
   * the synchronous answer). Undefined when the payment is no longer AUTHORIZING (released
   * meanwhile): the caller voids what it got.
   */
  async settle(tx: Tx, id: string, outcome:
    | { readonly status: 'AUTHORIZED' | 'PENDING'; readonly provider: string; readonly authorizationId: string }
    | { readonly status: 'DECLINED' | 'FAILED'; readonly reason: string }): Promise<PaymentRow | undefined> {
    if ('reason' in outcome) {
      const { rows } = await tx.query<PaymentRow>(
        `UPDATE payments.payments SET status = $2, failure_reason = $3, lease_until = NULL, updated_at = now()
         WHERE id = $1 AND status = 'AUTHORIZING' RETURNING ${PAYMENT}`,
        [id, outcome.status, outcome.reason]);
      return rows[0];
    }
    const { rowCount } = await tx.query(
      `UPDATE payments.payments SET status = $2, provider = $3, authorization_id = $4, lease_until = NULL, updated_at = now()
       WHERE id = $1 AND status = 'AUTHORIZING'`,
      [id, outcome.status, outcome.provider, outcome.authorizationId]);
    return rowCount > 0 ? paymentStore.applyInbox(tx, outcome.provider, outcome.authorizationId) : undefined;
  },

  /** Refuses the key from now on (AUTHORIZING → VOIDED); false when the payment was no longer authorizing. */
  async refuse(db: Queryable, id: string): Promise<boolean> {
    const { rowCount } = await db.query(
      `UPDATE payments.payments SET status = 'VOIDED', failure_reason = 'released', lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'AUTHORIZING'`, [id]);
    return rowCount > 0;
  },

  /** Marks the payment of an authorization VOIDED (a void the provider confirmed). */
  async markVoided(tx: Tx, provider: string, authorizationId: string): Promise<void> {
    await tx.query(
      `UPDATE payments.payments SET status = 'VOIDED', updated_at = now() WHERE provider = $1 AND authorization_id = $2 AND status IN ('AUTHORIZED', 'PENDING')`,
      [provider, authorizationId]);
  },

  /** Stores a verified webhook once; false for a duplicate (same provider and event id). */
  async receive(tx: Tx, event: ProviderEvent): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO payments.webhook_inbox (provider, event_id, authorization_id, idempotency_key, status, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (provider, event_id) DO NOTHING`,
      [event.provider, event.eventId, event.authorizationId, event.idempotencyKey, event.status, event.occurredAt]);
    return rowCount > 0;
  },

  /**
   * Folds every inbox event of an authorization into its payment's status (states only move
   * forward, so the order they arrived in does not matter). Undefined when no payment holds
   * that authorization yet: its synchronous answer applies them when it comes.
   */
  async applyInbox(tx: Tx, provider: string, authorizationId: string): Promise<PaymentRow | undefined> {
    const { rows: [payment] } = await tx.query<PaymentRow>(
      `SELECT ${PAYMENT} FROM payments.payments WHERE provider = $1 AND authorization_id = $2 FOR UPDATE`, [provider, authorizationId]);
    if (!payment) return undefined;
    const { rows: events } = await tx.query<{ status: AttemptStatus | null }>(
      'SELECT status FROM payments.webhook_inbox WHERE provider = $1 AND authorization_id = $2 ORDER BY occurred_at, received_at', [provider, authorizationId]);
    const folded = events.reduce<AttemptStatus | null>((status, event) => statusAfter(status, event), ATTEMPT_STATUS[payment.status] ?? null);
    const status = folded ? PAYMENT_STATUS[folded] : payment.status;
    if (status === payment.status) return payment;
    const { rows } = await tx.query<PaymentRow>(
      `UPDATE payments.payments SET status = $2, updated_at = now() WHERE id = $1 RETURNING ${PAYMENT}`, [payment.id, status]);
    return rows[0];
  },
};
