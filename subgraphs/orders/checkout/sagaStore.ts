import type { Queryable, Tx } from '../../../lib/db/index.js';

/** `cancelling`: a placed order's steps being undone (cancelOrder). */
export type SagaState = 'running' | 'compensating' | 'cancelling' | 'done';
export type StepStatus = 'started' | 'succeeded' | 'failed' | 'compensated';

export interface SagaRow {
  readonly order_id: string;
  readonly state: SagaState;
  readonly step: string;
  readonly failure_code: string | null;
}

export interface StepRow {
  readonly step: string;
  readonly status: StepStatus;
  readonly idempotency_key: string;
  readonly attempts: number;
  readonly result: unknown;
  readonly error_code: string | null;
}

const SAGA = 'order_id::text AS order_id, state, step, failure_code';

/** SQL of the checkout sagas' persisted state (migrations/001_orders.sql). */
export const sagaStore = {
  /** A new saga, leased to its creator for `leaseMs`. */
  async insert(tx: Tx, orderId: string, firstStep: string, leaseMs: number): Promise<void> {
    await tx.query(
      `INSERT INTO orders.checkout_sagas (order_id, state, step, lease_until) VALUES ($1, 'running', $2, now() + $3 * interval '1 millisecond')`,
      [orderId, firstStep, leaseMs]);
  },

  /** Takes the saga for `leaseMs` when it is unfinished and nobody holds it; undefined otherwise. */
  async claim(db: Queryable, orderId: string, leaseMs: number): Promise<SagaRow | undefined> {
    const { rows } = await db.query<SagaRow>(
      `UPDATE orders.checkout_sagas SET lease_until = now() + $2 * interval '1 millisecond'
       WHERE order_id = $1 AND state <> 'done' AND lease_until <= now() RETURNING ${SAGA}`, [orderId, leaseMs]);
    return rows[0];
  },

  /**
   * Starts the cancellation of a finished saga, leased to this process; false when it is
   * not finished (still running, or already being cancelled).
   */
  async startCancelling(tx: Tx, orderId: string, leaseMs: number): Promise<boolean> {
    const { rowCount } = await tx.query(
      `UPDATE orders.checkout_sagas SET state = 'cancelling', step = 'cancel', lease_until = now() + $2 * interval '1 millisecond', updated_at = now()
       WHERE order_id = $1 AND state = 'done'`, [orderId, leaseMs]);
    return rowCount > 0;
  },

  /** Extends the lease of a saga this process runs. */
  async renew(db: Queryable, orderId: string, leaseMs: number): Promise<void> {
    await db.query(`UPDATE orders.checkout_sagas SET lease_until = now() + $2 * interval '1 millisecond' WHERE order_id = $1`, [orderId, leaseMs]);
  },

  /** Unfinished sagas whose lease ran out (their process died or gave up), oldest first. */
  async due(db: Queryable, limit: number): Promise<string[]> {
    const { rows } = await db.query<{ order_id: string }>(
      `SELECT order_id::text AS order_id FROM orders.checkout_sagas WHERE state <> 'done' AND lease_until <= now() ORDER BY lease_until LIMIT $1`, [limit]);
    return rows.map((r) => r.order_id);
  },

  async get(db: Queryable, orderId: string): Promise<SagaRow | undefined> {
    const { rows } = await db.query<SagaRow>(`SELECT ${SAGA} FROM orders.checkout_sagas WHERE order_id = $1`, [orderId]);
    return rows[0];
  },

  async steps(db: Queryable, orderId: string): Promise<StepRow[]> {
    const { rows } = await db.query<StepRow>(
      'SELECT step, status, idempotency_key, attempts, result, error_code FROM orders.saga_steps WHERE order_id = $1 ORDER BY started_at', [orderId]);
    return rows;
  },

  /** Written before a step acts: `started` (again, with one more attempt, when resumed). */
  async stepStarted(db: Queryable, orderId: string, step: string, idempotencyKey: string): Promise<void> {
    await db.query(
      `INSERT INTO orders.saga_steps (order_id, step, status, idempotency_key) VALUES ($1, $2, 'started', $3)
       ON CONFLICT (order_id, step) DO UPDATE SET attempts = orders.saga_steps.attempts + 1, status = 'started', error_code = NULL`,
      [orderId, step, idempotencyKey]);
  },

  /** Written after a step: its outcome, and where the saga goes next. */
  async stepFinished(tx: Tx, orderId: string, step: string, outcome: { status: 'succeeded' | 'failed' | 'compensated'; result?: unknown; errorCode?: string | null }): Promise<void> {
    await tx.query(
      `UPDATE orders.saga_steps SET status = $3, result = coalesce($4::jsonb, result), error_code = $5, finished_at = now()
       WHERE order_id = $1 AND step = $2`,
      [orderId, step, outcome.status, outcome.result === undefined ? null : JSON.stringify(outcome.result), outcome.errorCode ?? null]);
  },

  async advance(tx: Tx, orderId: string, next: { state: SagaState; step: string; failureCode?: string | null }): Promise<void> {
    await tx.query(
      `UPDATE orders.checkout_sagas SET state = $2, step = $3, failure_code = coalesce($4, failure_code), updated_at = now() WHERE order_id = $1`,
      [orderId, next.state, next.step, next.failureCode ?? null]);
  },
};
