import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ErrorCode, userError } from '../../lib/errors/index.js';

/**
 * Refuses subscription operations sent over HTTP with 400 OPERATION_NOT_SUPPORTED (the
 * gateway's executor cannot run them and would answer 500): they are served over graphql-ws, SSE and multipart HTTP streams.
 */
export const subscriptionsOverHttpPlugin = (): ApolloServerPlugin<BaseContext> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'subscription') return;
        throw userError(ErrorCode.OPERATION_NOT_SUPPORTED, 'Subscriptions are served over WebSocket (graphql-ws), SSE (Accept: text/event-stream) or multipart HTTP (Accept: multipart/mixed;subscriptionSpec="1.0") on this URL, not as a plain HTTP request', {
          http: { status: 400 },
        });
      },
    };
  },
});
