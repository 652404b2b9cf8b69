import type { GraphQLFormattedError } from 'graphql';
import { currentRequest, type Logger } from '../logging/index.js';
import { ErrorCode, isKnownErrorCode } from './codes.js';

/**
 * Apollo Server `formatError`: errors with a registered code pass through without
 * stack traces; anything else is logged and reaches the client as a generic
 * INTERNAL_SERVER_ERROR. Every error carries the request's `requestId`.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    const requestId = currentRequest()?.requestId;
    if (isKnownErrorCode(extensions.code) && extensions.code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return { ...formatted, extensions: { ...extensions, ...(requestId ? { requestId } : {}) } };
    }
    // Errors from a subgraph (serviceName set) were logged there; anything else, including
    // errors Apollo already coded INTERNAL_SERVER_ERROR (thrown in resolvers or plugins), is logged here.
    if (!extensions.serviceName) logger.error({ err: error }, 'unexpected error');
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: {
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        ...(extensions.serviceName ? { serviceName: extensions.serviceName } : {}),
        ...(requestId ? { requestId } : {}),
      },
    };
  };
}
