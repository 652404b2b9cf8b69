import type { Tx } from '../../../lib/db/index.js';
import type { OrderLineRow, OrderRow } from '../orderStore.js';
import type { StepRow } from './sagaStore.js';

/** What a step sees: the order, its lines, the earlier steps' results, and its deadline. */
export interface StepContext {
  readonly order: OrderRow;
  readonly lines: readonly OrderLineRow[];
  /** The idempotency key of `step` in this saga: saga id + step. Every command to another service carries it. */
  key(step: string): string;
  /** The persisted result of an earlier step. */
  resultOf<T>(step: string): T | undefined;
  /** Aborts when the step's timeout passes. */
  readonly signal: AbortSignal;
  /** 1 the first time this step runs in this saga; more when retried or resumed after a crash. */
  readonly attempt: number;
}

/** What a step came to: its result (persisted) and local writes made in the same transaction. */
export interface StepOutcome {
  readonly result?: unknown;
  apply?(tx: Tx): Promise<void>;
}

/**
 * One step of the checkout saga. `run` may be repeated (a retry, or a resumed saga): every
 * command it sends is idempotent by `ctx.key(name)`. It throws a {@link StepFailure} for an
 * outcome that ends the saga (out of stock, declined); other errors are retried.
 */
export interface CheckoutStep {
  readonly name: string;
  run(ctx: StepContext): Promise<StepOutcome>;
  /** Undoes what `run` may have done (also when it never answered); idempotent. */
  compensate?(ctx: StepContext, step: StepRow): Promise<void>;
}

/** A business outcome that ends the saga: the order fails with `code` (a stable code, the order's `failureCode`). */
export class StepFailure extends Error {
  override name = 'StepFailure';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}
