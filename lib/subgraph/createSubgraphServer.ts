import { readFileSync } from 'node:fs';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { createFormatError } from '../errors/index.js';
import type { RouteHandler } from '../http/index.js';
import type { Logger } from '../logging/index.js';
import { metricsPlugin, type Metrics } from '../metrics/index.js';
import { tracingPlugin } from '../tracing/index.js';
import { textInputPlugin } from '../validation/index.js';
import { fromRoot } from '../paths.js';

/** What a subgraph contributes: its name (its SDL is `schema/<name>.graphql`), resolvers and context. */
export interface SubgraphDefinition<Ctx extends BaseContext> {
  readonly name: string;
  /** Typed with the generated `Resolvers`; widened here because every subgraph's map differs. */
  readonly resolvers: object;
  /** A fresh context per request, so DataLoader batches never span requests. */
  readonly context: () => Ctx;
  /**
   * Extra HTTP routes by exact path, served without the gateway's signature: for callers
   * that are not the gateway (payment providers' webhooks), so each verifies its callers itself.
   */
  readonly routes?: Readonly<Record<string, RouteHandler>>;
}

/** Reads `schema/<name>.graphql`. */
export const readSubgraphSdl = (name: string): string => readFileSync(fromRoot('schema', `${name}.graphql`), 'utf8');

/** An Apollo Server for one Federation 2 subgraph, with the shared error masking. */
export async function createSubgraphServer<Ctx extends BaseContext>(
  definition: SubgraphDefinition<Ctx>,
  logger: Logger,
  metrics?: Metrics,
): Promise<ApolloServer<Ctx>> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(readSubgraphSdl(definition.name)),
    resolvers: definition.resolvers as GraphQLResolverMap<unknown>,
  });
  const server = new ApolloServer<Ctx>({
    schema,
    formatError: createFormatError(logger),
    includeStacktraceInErrorResponses: false,
    logger,
    // runMain owns SIGINT/SIGTERM: Apollo's own handler would re-raise the signal and kill the
    // process before the service's close() (e.g. the search snapshot) has run.
    stopOnTerminationSignals: false,
    // Traces go to OpenTelemetry, not to Apollo's inline (ftv1) format.
    plugins: [ApolloServerPluginInlineTraceDisabled(), tracingPlugin(definition.name), textInputPlugin(), ...(metrics ? [metricsPlugin(metrics)] : [])],
  });
  await server.start();
  return server;
}
