import { DEV_SECRETS_FILE, resolveKeys } from './auth/index.js';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import { createLogger, prettyLogs, type Logger } from './logging/index.js';
import { fromRoot } from './paths.js';
import { startTracing } from './tracing/index.js';

/** A service's config with its keys resolved: the environment's, else (outside production) the development keys in `.data/`. */
export interface ServiceConfig extends Config {
  readonly subgraphSigningKey: string;
}

/** Resolves the keys once, where config is read; `npm run token` finds the same development keys. */
function withKeys(config: Config): ServiceConfig {
  const keys = resolveKeys(config, fromRoot(...DEV_SECRETS_FILE));
  return { ...config, auth: { ...config.auth, sharedSecret: keys.authSharedSecret }, subgraphSigningKey: keys.subgraphSigningKey };
}

/**
 * Runs a service entry point: loads config (a bad variable is one clear message and exit
 * code 1, not a stack trace) and its keys, starts the service, and closes it on SIGINT/SIGTERM.
 */
export async function runMain(
  service: string,
  start: (config: ServiceConfig, logger: Logger) => Promise<{ close(): Promise<void> }>,
): Promise<void> {
  let config: ServiceConfig;
  try {
    config = withKeys(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, service, pretty: prettyLogs(config.environment) });
  const tracing = startTracing({ endpoint: config.otlpEndpoint, service });
  try {
    const running = await start(config, logger);
    const stop = async (signal: string) => {
      logger.info({ signal }, 'shutting down');
      await running.close();
      await tracing.shutdown();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    // A setting the service cannot run with is one clear line, like a bad variable.
    if (error instanceof ConfigError) process.stderr.write(`${service}: ${error.message}\n`);
    else logger.fatal({ err: error }, `${service} failed to start`);
    process.exit(1);
  }
}
