export { attachSubscriptionServer, SubscriptionCloseCode } from './attachSubscriptionServer.js';
export type { ConnectionContext, OnConnect, SubscriptionServer, SubscriptionServerOptions, SubscriptionServerStats } from './attachSubscriptionServer.js';
export { prepareSubscription } from './prepareSubscription.js';
export type { PreparedSubscription, SubscribePayload } from './prepareSubscription.js';
export { createSubscriptionHub } from './subscriptionHub.js';
export type { FederatedExecutor, SubscriptionHub, SubscriptionHubOptions, SubscriptionHubStats, SubscriptionSink } from './subscriptionHub.js';
export { SUBSCRIPTION_FIELDS, type SubscriptionField } from './subscriptionFields.js';
export { subscriptionsOverHttpPlugin } from './subscriptionsOverHttpPlugin.js';
