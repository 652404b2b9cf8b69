import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import type { Environment } from '../lib/config/index.js';
import { createFormatError } from '../lib/errors/index.js';
import { startGraphQLHttpServer, type RunningServer } from '../lib/http/index.js';
import type { Logger } from '../lib/logging/index.js';

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
}

/** The federated gateway: @apollo/gateway's planner on Apollo Server, with Apollo Sandbox on its landing page. */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const logger = options.logger.child({ component: 'gateway' });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger,
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: options.subgraphUrls?.[name] ?? url }),
  });
  const apollo = new ApolloServer<BaseContext>({
    gateway,
    logger,
    formatError: createFormatError(logger),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    // runMain owns SIGINT/SIGTERM: Apollo's own handler would re-raise the signal and kill the
    // process before the service's close() (e.g. the search snapshot) has run.
    stopOnTerminationSignals: false,
    plugins: [
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
  return {
    ...running,
    close: async () => {
      await running.close();
      await apollo.stop();
    },
  };
}
