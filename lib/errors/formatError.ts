import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../logging/index.js';
import { ErrorCode, isKnownErrorCode } from './codes.js';

/**
 * Apollo Server `formatError`: errors with a registered code pass through without
 * stack traces; anything else is logged and reaches the client as a generic
 * INTERNAL_SERVER_ERROR.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    if (isKnownErrorCode(extensions.code) && extensions.code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return { ...formatted, extensions };
    }
    // Errors that already crossed a service boundary were logged where they happened.
    if (extensions.code !== ErrorCode.INTERNAL_SERVER_ERROR) logger.error({ err: error }, 'unexpected error');
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(extensions.serviceName ? { serviceName: extensions.serviceName } : {}) },
    };
  };
}
