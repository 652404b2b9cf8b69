import type { IncomingMessage } from 'node:http';
import { bearerToken, unauthenticated, type Authenticator, type Identity } from '../lib/auth/index.js';
import { currentRequest } from '../lib/logging/index.js';
import type { EdgeAdmission } from './edge/index.js';

/** The gateway's per-request context: who is calling (the user, and the API client), and the request id to forward to subgraphs. */
export interface GatewayContext {
  readonly identity: Identity;
  readonly requestId: string;
  /** The API client and its budgets, when the gateway runs the edge (gateway/edge). */
  readonly edge?: EdgeAdmission;
}

/**
 * Builds a {@link GatewayContext}: the `Authorization` header names the user (an invalid token:
 * 401 UNAUTHENTICATED); the edge, which saw the request first, names its client.
 */
export const createGatewayContext = (authenticator: Authenticator, admissionOf?: (req: IncomingMessage) => EdgeAdmission | undefined) =>
  async (req: IncomingMessage): Promise<GatewayContext> => {
    const admission = admissionOf?.(req);
    return {
      identity: await authenticator.authenticate(bearerToken(req.headers.authorization)),
      requestId: currentRequest()?.requestId ?? 'none',
      ...(admission ? { edge: admission } : {}),
    };
  };

/**
 * The identity for a graphql-ws connection from its `connection_init` payload: the same
 * bearer token as over HTTP, as `{ Authorization: 'Bearer …' }` (any case) or `{ token: '…' }`,
 * else the upgrade request's `Authorization` header. No token anywhere is anonymous; a bad one
 * (including a token or header that is not a string) rejects with UNAUTHENTICATED, as HTTP
 * answers 401 (close the socket with 4401).
 */
export async function identityFromConnectionParams(
  authenticator: Authenticator,
  params: Readonly<Record<string, unknown>> | undefined,
  upgradeAuthorization?: string | string[] | undefined,
): Promise<Identity> {
  const entries = Object.entries(params ?? {});
  const header = entries.find(([key]) => key.toLowerCase() === 'authorization');
  if (header) {
    if (typeof header[1] !== 'string') throw unauthenticated('the Authorization connection parameter must be a string "Bearer <token>"');
    return authenticator.authenticate(bearerToken(header[1]));
  }
  const token = entries.find(([key]) => key === 'token');
  if (token && token[1] !== undefined && token[1] !== null) {
    if (typeof token[1] !== 'string') throw unauthenticated('the token connection parameter must be a string');
    return authenticator.authenticate(token[1]);
  }
  if (Array.isArray(upgradeAuthorization)) throw unauthenticated('send one Authorization header');
  return authenticator.authenticate(bearerToken(upgradeAuthorization));
}

/** The API key a graphql-ws `connection_init` payload carries, as `X-Api-Key` (any case) or `apiKey`, as sent (the edge refuses a non-string). */
export function apiKeyOfConnection(params: Readonly<Record<string, unknown>> | undefined): unknown {
  return Object.entries(params ?? {}).find(([key]) => key.toLowerCase() === 'x-api-key' || key === 'apiKey')?.[1];
}
