import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { runWithRequestContext } from '../logging/index.js';
import { createFormatError } from './formatError.js';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { lines, logger: pino({ level: 'error', mixin: () => ({}) }, stream) };
};

describe('createFormatError', () => {
  it('masks an error without a registered code, logs it, and adds the request id', () => {
    const { lines, logger } = capture();
    const error = new Error('connect ECONNREFUSED 10.0.0.5:5432');
    const formatted = runWithRequestContext({ requestId: 'req-9' }, () =>
      createFormatError(logger)({ message: error.message, path: ['product'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, error));
    expect(formatted).toEqual({ message: 'Internal server error', path: ['product'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-9' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'unexpected error', err: { message: 'connect ECONNREFUSED 10.0.0.5:5432' } });
  });

  it('passes a registered code through without its stack trace', () => {
    const { lines, logger } = capture();
    const formatted = createFormatError(logger)({ message: 'Product p-1 not found', extensions: { code: 'PRODUCT_NOT_FOUND', productId: 'p-1', stacktrace: ['at y'] } },
      new GraphQLError('Product p-1 not found'));
    expect(formatted).toEqual({ message: 'Product p-1 not found', extensions: { code: 'PRODUCT_NOT_FOUND', productId: 'p-1' } });
    expect(lines).toHaveLength(0);
  });

  it('does not log again an internal error a subgraph already logged', () => {
    const { lines, logger } = capture();
    createFormatError(logger)({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'pricing' } }, new Error('boom'));
    expect(lines).toHaveLength(0);
  });
});
