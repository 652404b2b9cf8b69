import type { Identity } from '../../../lib/auth/index.js';
import type { Db } from '../../../lib/db/index.js';
import { ErrorCode, userError } from '../../../lib/errors/index.js';
import { mayCancel, ownerOf } from '../access.js';
import { orderNotFound } from '../orders.js';
import { orderStore, type OrderRow } from '../orderStore.js';
import type { CheckoutSaga } from './checkoutSaga.js';
import { sagaStore } from './sagaStore.js';
import { isUuid } from '../../../lib/validation/index.js';


/**
 * Cancels a placed order through its saga: the saga row turns `cancelling` (persisted, so a
 * crash mid-way is finished by the recovery loop) and its steps are compensated in reverse
 * — stock returned, payment released — each command idempotent by the step's key; then the
 * order is CANCELLED. Answers the order as it stands after `waitMs`.
 */
export async function cancelOrder(db: Db, saga: CheckoutSaga, identity: Identity, orderId: string, waitMs: number): Promise<OrderRow> {
  ownerOf(identity);
  const order = isUuid(orderId) ? (await orderStore.byIds(db, [orderId]))[0] : undefined;
  if (!order || !mayCancel(identity, order.owner)) throw orderNotFound(orderId);
  if (order.status === 'CANCELLED') return order;
  if (order.status !== 'PLACED') {
    throw userError(ErrorCode.ORDER_NOT_CANCELLABLE, `Order ${orderId} is ${order.status} and cannot be cancelled`, { orderId, status: order.status });
  }
  // Only one cancellation starts; a second call meanwhile waits for the same one.
  if (await db.transaction((tx) => sagaStore.startCancelling(tx, orderId, saga.leaseMs))) void saga.start(orderId);
  await saga.wait(orderId, waitMs);
  return (await orderStore.byIds(db, [orderId]))[0]!;
}
