import type { Identity } from '../../lib/auth/index.js';
import type { Db } from '../../lib/db/index.js';
import { badUserInput, ErrorCode, userError } from '../../lib/errors/index.js';
import { assertPageSize, isUuid } from '../../lib/validation/index.js';
import { mayRead, ownerOf } from './access.js';
import { orderStore, type OrderRow } from './orderStore.js';


export const orderNotFound = (orderId: string) => userError(ErrorCode.ORDER_NOT_FOUND, `No order ${orderId} of yours`, { orderId });

/** A page of the caller's orders. */
export interface OrderPage {
  readonly orders: readonly OrderRow[];
  readonly hasNextPage: boolean;
}

/** Opaque cursor of an order in `myOrders`: its creation time and id. */
export const orderCursor = (order: OrderRow) => Buffer.from(JSON.stringify([order.created_at.toISOString(), order.id])).toString('base64url');

function decodeOrderCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string' && isUuid(id)) return { createdAt, id };
  } catch {
    // falls through to the error
  }
  throw badUserInput('after is not a valid cursor', 'after');
}

/** Reading orders: a customer their own, staff with orders:read any. */
export function createOrderReader(db: Db) {
  return {
    async get(identity: Identity, orderId: string): Promise<OrderRow> {
      ownerOf(identity);
      const order = isUuid(orderId) ? (await orderStore.byIds(db, [orderId]))[0] : undefined;
      if (!order || !mayRead(identity, order.owner)) throw orderNotFound(orderId);
      return order;
    },
    async mine(identity: Identity, first: number, after: string | null | undefined): Promise<OrderPage> {
      const owner = ownerOf(identity);
      assertPageSize(first, 50);
      const rows = await orderStore.page(db, owner, first + 1, after ? decodeOrderCursor(after) : undefined);
      return { orders: rows.slice(0, first), hasNextPage: rows.length > first };
    },
  };
}
