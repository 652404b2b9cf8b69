import type { BaseContext } from '@apollo/server';
import { startGraphQLHttpServer, type RunningServer } from '../http/index.js';
import type { Logger } from '../logging/index.js';
import { createSubgraphServer, type SubgraphDefinition } from './createSubgraphServer.js';

/** Where and how a subgraph listens. */
export interface ListenOptions {
  readonly port: number;
  readonly host?: string;
  readonly maxBodyBytes?: number;
  readonly logger: Logger;
}

/** Builds a subgraph's server and serves it over HTTP, with `/healthz`. */
export async function startSubgraph<Ctx extends BaseContext>(
  definition: SubgraphDefinition<Ctx>,
  options: ListenOptions,
): Promise<RunningServer> {
  const logger = options.logger.child({ subgraph: definition.name });
  const apollo = await createSubgraphServer(definition, logger);
  const running = await startGraphQLHttpServer({
    apollo,
    context: async () => definition.context(),
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
