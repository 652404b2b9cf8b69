import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { Environment, SubscriptionLimits } from '../lib/config/index.js';
import type { EventBus } from '../lib/events/index.js';
import { createFormatError } from '../lib/errors/index.js';
import { startGraphQLHttpServer, type RunningServer } from '../lib/http/index.js';
import type { Logger } from '../lib/logging/index.js';
import { attachSubscriptionServer, subscriptionsOverHttpPlugin, type OnConnect, type SubscriptionServer } from './subscriptions/index.js';

/** Options for {@link startGateway}. */
export interface GatewayOptions {
  /** The composed supergraph SDL (`schema/supergraph.graphql`); no introspection at run time. */
  readonly supergraphSdl: string;
  /** Per-subgraph URL overrides; a subgraph not named here uses the URL in the supergraph. */
  readonly subgraphUrls?: Readonly<Record<string, string | undefined>>;
  readonly port: number;
  readonly host?: string;
  readonly maxBodyBytes?: number;
  readonly environment: Environment;
  readonly logger: Logger;
  /** When given, subscriptions are served over graphql-ws on the same port and path, fed by this bus. */
  readonly eventBus?: EventBus;
  /** Subscription limits. @default DEFAULT_SUBSCRIPTION_LIMITS */
  readonly subscriptionLimits?: SubscriptionLimits;
  /** Checks a graphql-ws connection_init payload (e.g. its token); accepts everyone when absent. */
  readonly onSubscriptionConnect?: OnConnect;
}

/** The running gateway; `subscriptions` is set when an `eventBus` was given. */
export interface RunningGateway extends RunningServer {
  readonly subscriptions?: SubscriptionServer;
}

/** The federated gateway: @apollo/gateway's planner on Apollo Server, with Apollo Sandbox on its landing page. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger.child({ component: 'gateway' });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger,
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: options.subgraphUrls?.[name] ?? url }),
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => void (apiSchema = schema));
  const formatError = createFormatError(logger);
  const apollo = new ApolloServer<BaseContext>({
    gateway,
    logger,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [
      subscriptionsOverHttpPlugin(),
      options.environment === 'production'
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
    ],
  });
  await apollo.start();
  const running = await startGraphQLHttpServer({
    apollo,
    context: async () => ({}),
    logger,
    port: options.port,
    host: options.host,
    maxBodyBytes: options.maxBodyBytes,
    routes: { '/healthz': (_req, res) => void res.end('ok') },
  });
  const subscriptions = options.eventBus
    ? await attachSubscriptionServer({
        httpServer: running.httpServer,
        path: new URL(running.url).pathname,
        bus: options.eventBus,
        schema: () => apiSchema!,
        execute: async (query, variables) => {
          const response = await apollo.executeOperation({ query, variables });
          if (response.body.kind !== 'single') throw new Error('Incremental delivery is not used for subscription payloads');
          return response.body.singleResult;
        },
        formatError,
        logger,
        limits: options.subscriptionLimits,
        maxMessageBytes: options.maxBodyBytes,
        onConnect: options.onSubscriptionConnect,
        production: options.environment === 'production',
      })
    : undefined;
  return {
    ...running,
    subscriptions,
    close: async () => {
      await subscriptions?.close();
      await running.close();
      await apollo.stop();
    },
  };
}
