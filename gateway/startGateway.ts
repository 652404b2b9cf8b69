import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import type { Environment } from '../lib/config/index.js';
import { createFormatError } from '../lib/errors/index.js';
import { startGraphQLHttpServer, type RunningServer } from '../lib/http/index.js';
import type { Logger } from '../lib/logging/index.js';
import { cachingDataSource, responseCachePlugin, type EntityCache } from './entityCache/index.js';

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
  /** Builds each subgraph's data source (e.g. `createUndiciDataSource`). @default RemoteGraphQLDataSource */
  readonly dataSource?: (subgraph: { readonly name: string; readonly url: string }) => GraphQLDataSource;
  /** Caches subgraph answers, invalidated by change events (gateway/entityCache). Off when absent. */
  readonly entityCache?: EntityCache;
  /** More Apollo Server plugins, after the built-in ones. */
  readonly plugins?: readonly ApolloServerPlugin<BaseContext>[];
}

/** The federated gateway: @apollo/gateway's planner on Apollo Server, with Apollo Sandbox on its landing page. */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const logger = options.logger.child({ component: 'gateway' });
  const sources: GraphQLDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger,
    buildService: ({ name, url: supergraphUrl }) => {
      const url = options.subgraphUrls?.[name] ?? supergraphUrl!;
      const source = options.dataSource?.({ name, url }) ?? new RemoteGraphQLDataSource({ url });
      sources.push(source);
      return options.entityCache ? cachingDataSource(source, name, options.entityCache) : source;
    },
  });
  const apollo = new ApolloServer<BaseContext>({
    gateway,
    logger,
    formatError: createFormatError(logger),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [
      options.environment === 'production'
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
      ...(options.entityCache ? [responseCachePlugin(options.entityCache)] : []),
      ...(options.plugins ?? []),
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
      await Promise.all(sources.map((s) => (s as { close?: () => Promise<void> }).close?.()));
    },
  };
}
