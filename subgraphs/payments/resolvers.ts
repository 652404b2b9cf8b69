import { requireScope } from '../../lib/auth/index.js';
import { assertCurrency, assertText } from '../../lib/validation/index.js';
import { badUserInput } from '../../lib/errors/index.js';
import { authorizePayment, releasePayment, voidAuthorization } from './authorizePayment.js';
import type { PaymentsContext } from './context.js';
import type { Resolvers } from './generated/types.js';
import type { NewPayment } from './paymentStore.js';

/** The scope of the orders service's payment commands (the mutations are `@inaccessible` in the gateway's API, so checked here). */
export const AUTHORIZE_SCOPE = 'payments:authorize';
/** Staff with this scope read every order's payment, as they read the orders. */
const ORDERS_READ_SCOPE = 'orders:read';

const KEY = /^[A-Za-z0-9:_-]{1,80}$/;

/** A payment command's input, checked (BAD_USER_INPUT otherwise): what `authorizePayment` and `releasePayment` share. */
function checkedPayment(input: { orderId: string; customer: string; idempotencyKey: string; amount: number; currency: string }): NewPayment {
  if (!KEY.test(input.idempotencyKey)) throw badUserInput('idempotencyKey must be 1 to 80 characters of [A-Za-z0-9:_-]', 'idempotencyKey');
  if (!Number.isInteger(input.amount) || input.amount < 1) throw badUserInput('amount must be a positive integer of minor units', 'amount');
  return {
    orderId: assertText(input.orderId, 'orderId', 80), customer: assertText(input.customer, 'customer', 200),
    idempotencyKey: input.idempotencyKey, amount: input.amount, currency: assertCurrency(input.currency),
  };
}

/** What the commands need, for a caller holding {@link AUTHORIZE_SCOPE}. */
function commandDeps(ctx: PaymentsContext) {
  requireScope(ctx.identity, AUTHORIZE_SCOPE);
  return { db: ctx.db, providers: ctx.providers(), metrics: ctx.metrics };
}

export const resolvers: Resolvers = {
  Order: {
    __resolveReference: (ref) => ({ id: ref.id }),
    // Only the order's customer (or staff) sees its payment; the orders subgraph checks the
    // order itself, this checks again so the field never leaks on its own.
    payment: async (order, _args, ctx) => {
      const payment = await ctx.paymentOfOrder.load(order.id);
      if (!payment) return null;
      const mayRead = ctx.identity.subject === payment.customer || ctx.identity.scopes.includes(ORDERS_READ_SCOPE);
      return mayRead ? payment : null;
    },
  },
  Payment: {
    amount: (p) => ({ amount: p.amount, currency: p.currency }),
    failureReason: (p) => p.failure_reason,
    attempts: (p, _args, ctx) => ctx.attempts.load(p.id),
    updatedAt: (p) => p.updated_at.toISOString(),
  },
  PaymentAttempt: {
    at: (a) => a.at.toISOString(),
  },
  Mutation: {
    authorizePayment: async (_root, { input }, ctx) => {
      const deps = commandDeps(ctx);
      const answer = await authorizePayment(deps, { ...checkedPayment(input), paymentMethod: assertText(input.paymentMethod, 'paymentMethod', 200) });
      return answer.outcome === 'AUTHORIZED'
        ? { outcome: 'AUTHORIZED', provider: answer.provider, authorizationId: answer.authorizationId, reason: null }
        : { outcome: answer.outcome, provider: null, authorizationId: null, reason: answer.reason };
    },
    releasePayment: (_root, { input }, ctx) => releasePayment(commandDeps(ctx), checkedPayment(input)),
    voidAuthorization: (_root, { provider, authorizationId }, ctx) =>
      voidAuthorization(commandDeps(ctx), provider, assertText(authorizationId, 'authorizationId', 200)),
  },
};
