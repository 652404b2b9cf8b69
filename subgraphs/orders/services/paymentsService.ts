import type { PaymentAuthorizer } from '../ports.js';
import type { ServiceClients } from './serviceClients.js';

const AUTHORIZE = /* GraphQL */ `mutation OrdersAuthorizePayment($input: AuthorizePaymentInput!) {
  authorizePayment(input: $input) { outcome provider authorizationId reason }
}`;
const RELEASE = /* GraphQL */ `mutation OrdersReleasePayment($input: ReleasePaymentInput!) { releasePayment(input: $input) }`;
const VOID = /* GraphQL */ `mutation OrdersVoidAuthorization($provider: String!, $authorizationId: String!) {
  voidAuthorization(provider: $provider, authorizationId: $authorizationId)
}`;

interface AuthorizeAnswer {
  authorizePayment: { outcome: 'AUTHORIZED' | 'DECLINED' | 'UNAVAILABLE'; provider: string | null; authorizationId: string | null; reason: string | null };
}

/**
 * The payments subgraph's commands, called as the orders service. Each is idempotent by its
 * key (the payments subgraph never charges a key twice), so a retry after a lost answer is
 * safe. PAYMENT_IN_PROGRESS and PAYMENT_UNRESOLVED come back as coded errors the saga retries.
 */
export function paymentsService(clients: ServiceClients): PaymentAuthorizer {
  const payments = () => clients.of('payments');
  return {
    async authorize({ orderId, customer, key, amount, paymentMethod }, signal) {
      const { authorizePayment: answer } = await payments().request<AuthorizeAnswer>(AUTHORIZE, {
        input: { orderId, customer, idempotencyKey: key, amount: amount.amount, currency: amount.currency, paymentMethod },
      }, { idempotent: true, signal });
      switch (answer.outcome) {
        case 'AUTHORIZED':
          return { outcome: 'authorized', authorization: { provider: answer.provider!, authorizationId: answer.authorizationId! } };
        case 'DECLINED':
          return { outcome: 'declined', reason: answer.reason ?? 'declined' };
        case 'UNAVAILABLE':
          return { outcome: 'unavailable', reason: answer.reason ?? 'unavailable' };
      }
    },
    async release({ orderId, customer, key, amount }, signal) {
      await payments().request(RELEASE, {
        input: { orderId, customer, idempotencyKey: key, amount: amount.amount, currency: amount.currency },
      }, { idempotent: true, signal });
    },
    async void(authorization, signal) {
      await payments().request(VOID, { provider: authorization.provider, authorizationId: authorization.authorizationId }, { idempotent: true, signal });
    },
  };
}
