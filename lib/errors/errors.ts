import { GraphQLError } from 'graphql';
import { ErrorCode } from './codes.js';

/** Builds a client-facing error with a registered code and optional details. */
export function userError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...details, code } });
}

export const badUserInput = (message: string, field?: string) =>
  userError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});

export const productNotFound = (productId: string) =>
  userError(ErrorCode.PRODUCT_NOT_FOUND, `Product ${productId} not found`, { productId });

export const categoryNotFound = (categoryId: string) =>
  userError(ErrorCode.CATEGORY_NOT_FOUND, `Category ${categoryId} not found`, { categoryId });

export const conflict = (message: string, details: Record<string, unknown> = {}) =>
  userError(ErrorCode.CONFLICT, message, details);
