export { startGraphQLHttpServer } from './graphqlHttpServer.js';
export type { GraphQLHttpServerOptions, RouteHandler, RunningServer } from './graphqlHttpServer.js';
export { startOpsServer } from './opsServer.js';
