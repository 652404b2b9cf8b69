import type { Db, Queryable } from '../../../lib/db/index.js';
import type { Logger } from '../../../lib/logging/index.js';
import { cartStore } from '../cartStore.js';
import { orderStore } from '../orderStore.js';
import { StepFailure, type CheckoutStep, type StepContext } from './CheckoutStep.js';
import { sagaStore, type StepRow } from './sagaStore.js';

/** Options for {@link createCheckoutSaga}. */
export interface CheckoutSagaOptions {
  readonly db: Db;
  readonly steps: readonly CheckoutStep[];
  readonly logger: Logger;
  /** How long one step may take, per attempt, in ms. @default 10000 */
  readonly stepTimeoutMs?: number;
  /**
   * How long a step that fails for a technical reason (a timeout, a service down or
   * restarting) is retried, with backoff, before the order fails: long enough to ride out a
   * process restart (the platform's failover target is 30 s). @default 45000
   */
  readonly retryForMs?: number;
  /** How long a process holds a saga it runs; renewed at every step. Another takes over after it. @default 30000 */
  readonly leaseMs?: number;
  /** Where {@link CheckoutSaga.resume} looks for sagas to take over. @default db */
  readonly pollDb?: Queryable;
}

/**
 * The checkout orchestrator: runs a saga's steps in order, each persisted before it acts
 * and after, with a timeout and retries; on a failure it compensates the steps before in
 * reverse and fails the order with a reason code. A saga is run by one process at a time
 * (a lease in the saga row); {@link CheckoutSaga.resume} continues any saga whose lease ran
 * out, from its persisted step.
 */
export function createCheckoutSaga(options: CheckoutSagaOptions) {
  const { db, steps, logger } = options;
  const stepTimeoutMs = options.stepTimeoutMs ?? 10_000;
  const retryForMs = options.retryForMs ?? 45_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const running = new Map<string, Promise<void>>();

  async function contextFor(orderId: string, step: string, signal: AbortSignal): Promise<StepContext> {
    const [order] = await orderStore.byIds(db, [orderId]);
    const lines = await orderStore.linesOf(db, [orderId]);
    const rows = await sagaStore.steps(db, orderId);
    return {
      order: order!, lines, signal, attempt: rows.find((r) => r.step === step)?.attempts ?? 1,
      key: (step) => `${orderId}:${step}`,
      resultOf: <T>(step: string) => rows.find((r) => r.step === step && r.status === 'succeeded')?.result as T | undefined,
    };
  }

  /** One step, with its timeout and retries; resolves once its outcome is persisted. */
  async function runStep(orderId: string, step: CheckoutStep, next: string | undefined): Promise<void> {
    const firstAt = Date.now();
    for (let attempt = 1; ; attempt++) {
      await sagaStore.renew(db, orderId, leaseMs);
      await sagaStore.stepStarted(db, orderId, step.name, `${orderId}:${step.name}`);
      const signal = AbortSignal.timeout(stepTimeoutMs);
      try {
        const ctx = await contextFor(orderId, step.name, signal);
        const outcome = await withDeadline(step.run(ctx), signal);
        await db.transaction(async (tx) => {
          await outcome.apply?.(tx);
          await sagaStore.stepFinished(tx, orderId, step.name, { status: 'succeeded', result: outcome.result ?? null });
          await sagaStore.advance(tx, orderId, next ? { state: 'running', step: next } : { state: 'done', step: 'done' });
        });
        return;
      } catch (error) {
        const final = error instanceof StepFailure;
        const code = final ? error.code : codeOf(error);
        if (!final && Date.now() - firstAt < retryForMs) {
          logger.warn({ err: error, orderId, step: step.name, attempt, code }, 'checkout step failed; retrying');
          await sleep(Math.min(2_000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2));
          continue;
        }
        logger.info({ orderId, step: step.name, code }, 'checkout step failed; compensating');
        await db.transaction(async (tx) => {
          await sagaStore.stepFinished(tx, orderId, step.name, { status: 'failed', errorCode: code });
          await sagaStore.advance(tx, orderId, { state: 'compensating', step: step.name, failureCode: code });
        });
        return;
      }
    }
  }

  /**
   * Undoes every step that started, last first; then fails the order and opens its cart
   * again, or (`cancel`) marks the placed order CANCELLED.
   */
  async function compensate(orderId: string, cancel = false): Promise<void> {
    const rows = await sagaStore.steps(db, orderId);
    for (const step of [...steps].reverse()) {
      const row = rows.find((r) => r.step === step.name);
      if (!row || row.status === 'compensated' || !step.compensate) continue;
      await sagaStore.renew(db, orderId, leaseMs);
      await retry(async () => {
        const signal = AbortSignal.timeout(stepTimeoutMs);
        await withDeadline(step.compensate!(await contextFor(orderId, step.name, signal), row as StepRow), signal);
      });
      await db.transaction((tx) => sagaStore.stepFinished(tx, orderId, step.name, { status: 'compensated', errorCode: row.error_code }));
    }
    const saga = (await sagaStore.get(db, orderId))!;
    await db.transaction(async (tx) => {
      if (cancel) {
        await orderStore.setStatus(tx, orderId, 'CANCELLED');
      } else {
        const [order] = await orderStore.byIds(tx, [orderId]);
        await orderStore.setStatus(tx, orderId, 'FAILED', saga.failure_code ?? 'INTERNAL_SERVER_ERROR');
        await cartStore.setStatus(tx, order!.cart_id, 'open');
      }
      await sagaStore.advance(tx, orderId, { state: 'done', step: 'done' });
    });
  }

  /** Runs a saga this process holds the lease of, from its persisted step to the end. */
  async function drive(orderId: string): Promise<void> {
    for (;;) {
      const saga = await sagaStore.get(db, orderId);
      if (!saga || saga.state === 'done') return;
      if (saga.state === 'compensating' || saga.state === 'cancelling') return compensate(orderId, saga.state === 'cancelling');
      const index = steps.findIndex((s) => s.name === saga.step);
      if (index < 0) throw new Error(`checkout saga ${orderId} is at unknown step ${saga.step}`);
      await runStep(orderId, steps[index]!, steps[index + 1]?.name);
    }
  }

  /** Runs `orderId` once in this process; a second call meanwhile joins the first. */
  function start(orderId: string): Promise<void> {
    let run = running.get(orderId);
    if (!run) {
      run = drive(orderId)
        .catch((error: unknown) => logger.error({ err: error, orderId }, 'checkout saga stopped; the recovery loop resumes it when its lease runs out'))
        .finally(() => running.delete(orderId));
      running.set(orderId, run);
    }
    return run;
  }

  return {
    /** The steps, by name, in order. */
    stepNames: steps.map((s) => s.name),
    leaseMs,
    /** Runs a saga just created by this process (it holds the lease). */
    start,
    /** Waits (up to `ms`) for a saga this process runs; false when it is not running here or still runs. */
    async wait(orderId: string, ms: number): Promise<boolean> {
      const run = running.get(orderId);
      if (!run) return false;
      return Promise.race([run.then(() => true), sleep(ms).then(() => false)]);
    },
    /** Claims and runs every unfinished saga whose lease ran out (a crashed or stopped process's); resolves with their ids. */
    async resume(limit = 50): Promise<string[]> {
      const claimed: string[] = [];
      const pollDb = options.pollDb ?? db;
      for (const orderId of await sagaStore.due(pollDb, limit)) {
        if (running.has(orderId) || !(await sagaStore.claim(pollDb, orderId, leaseMs))) continue;
        claimed.push(orderId);
        void start(orderId);
      }
      return claimed;
    },
    /** Waits for the sagas running in this process. */
    async drain(): Promise<void> {
      await Promise.all([...running.values()]);
    },
  };
}

export type CheckoutSaga = ReturnType<typeof createCheckoutSaga>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'INTERNAL_SERVER_ERROR';
};

/** Rejects with a TIMEOUT error when `signal` aborts first. */
function withDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error('checkout step timed out'), { code: 'TIMEOUT' }));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Compensations must happen: a few quick retries, then the error (the recovery loop tries again later). */
async function retry(fn: () => Promise<void>, attempts = 3): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await sleep(100 * 2 ** i);
    }
  }
}
