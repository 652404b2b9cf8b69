import { mayRead } from './access.js';
import { cancelOrder } from './checkout/cancelOrder.js';
import { placeOrder } from './checkout/placeOrder.js';
import type { Resolvers } from './generated/types.js';
import { orderCursor, orderNotFound } from './orders.js';
import { orderStore } from './orderStore.js';

const money = (amount: number | null, currency: string) => (amount === null ? null : { amount, currency });

export const resolvers: Resolvers = {
  Query: {
    cart: (_root, { id }, ctx) => ctx.carts.get(ctx.identity, id),
    order: (_root, { id }, ctx) => ctx.orders.get(ctx.identity, id),
    myOrders: (_root, { first, after }, ctx) => ctx.orders.mine(ctx.identity, first ?? 10, after),
  },
  Mutation: {
    createCart: (_root, { currency }, ctx) => ctx.carts.create(ctx.identity, currency ?? 'EUR'),
    addCartLine: (_root, { cartId, productId, quantity }, ctx) => ctx.carts.addLine(ctx.identity, cartId, productId, quantity),
    updateCartLine: (_root, { cartId, productId, quantity }, ctx) => ctx.carts.updateLine(ctx.identity, cartId, productId, quantity),
    removeCartLine: (_root, { cartId, productId }, ctx) => ctx.carts.removeLine(ctx.identity, cartId, productId),
    checkout: (_root, { input }, ctx) => placeOrder(ctx.db, ctx.saga, ctx.identity, input, ctx.checkoutWaitMs),
    cancelOrder: (_root, { id }, ctx) => cancelOrder(ctx.db, ctx.saga, ctx.identity, id, ctx.checkoutWaitMs),
  },
  Cart: {
    status: (cart) => (cart.status === 'open' ? 'OPEN' : cart.status === 'checking_out' ? 'CHECKING_OUT' : 'CHECKED_OUT'),
    lines: (cart, _args, ctx) => ctx.cartLines.load(cart.id),
    itemCount: async (cart, _args, ctx) => (await ctx.cartLines.load(cart.id)).reduce((n, l) => n + l.quantity, 0),
  },
  CartLine: {
    product: (line) => ({ id: line.product_id }),
  },
  Order: {
    __resolveReference: async ({ id }, ctx) => {
      const [order] = await orderStore.byIds(ctx.db, [id]);
      if (!order || !mayRead(ctx.identity, order.owner)) throw orderNotFound(id);
      return order;
    },
    failureCode: (order) => order.failure_code,
    lines: (order, _args, ctx) => ctx.orderLines.load(order.id),
    itemsTotal: (order) => money(order.items_amount, order.currency),
    shippingTotal: (order) => money(order.shipping_amount, order.currency),
    total: (order) => money(order.total_amount, order.currency),
    shippingAddress: (order) => order.shipping_address,
    shippingOption: (order) => order.shipping_option,
    createdAt: (order) => order.created_at.toISOString(),
    placedAt: (order) => order.placed_at?.toISOString() ?? null,
  },
  OrderLine: {
    product: (line) => ({ id: line.product_id }),
    unitPrice: (line) => money(line.unit_amount, line.currency),
    lineTotal: (line) => money(line.unit_amount === null ? null : line.unit_amount * line.quantity, line.currency),
  },
  OrderConnection: {
    edges: (page) => page.orders.map((order) => ({ cursor: orderCursor(order), node: order })),
    pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.orders.length > 0 ? orderCursor(page.orders[page.orders.length - 1]!) : null }),
  },
};
