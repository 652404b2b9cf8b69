import { ConfigError, loadConfig, type Config } from './config/index.js';
import { createLogger, type Logger } from './logging/index.js';
import { startTracing } from './tracing/index.js';

/**
 * Runs a service entry point: loads config (a bad variable is one clear message and exit
 * code 1, not a stack trace), starts the service, and closes it on SIGINT/SIGTERM.
 */
export async function runMain(
  service: string,
  start: (config: Config, logger: Logger) => Promise<{ close(): Promise<void> }>,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, service });
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
