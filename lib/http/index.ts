export { startGraphQLHttpServer } from './graphqlHttpServer.js';
export type { GraphQLHttpServerOptions, RouteHandler, RunningServer } from './graphqlHttpServer.js';
export { startOpsServer } from './opsServer.js';
export { listen } from './listen.js';
export type { Listening } from './listen.js';
export { WebhookVerificationError, type WebhookVerificationCode } from './webhookVerification.js';
