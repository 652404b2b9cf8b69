export { ErrorCode, isKnownErrorCode } from './codes.js';
export { userError, badUserInput, productNotFound, categoryNotFound, conflict } from './errors.js';
export { createFormatError } from './formatError.js';
