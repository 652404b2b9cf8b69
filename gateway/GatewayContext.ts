import type { IncomingMessage } from 'node:http';
import { bearerToken, type Authenticator, type Identity } from '../lib/auth/index.js';
import { currentRequest } from '../lib/logging/index.js';

/** The gateway's per-request context: who is calling, and the request id to forward to subgraphs. */
export interface GatewayContext {
  readonly identity: Identity;
  readonly requestId: string;
}

/** Builds a {@link GatewayContext} from the `Authorization` header; an invalid token fails the request with 401 UNAUTHENTICATED. */
export const createGatewayContext = (authenticator: Authenticator) =>
  async (req: IncomingMessage): Promise<GatewayContext> => ({
    identity: await authenticator.authenticate(bearerToken(req.headers.authorization)),
    requestId: currentRequest()?.requestId ?? 'none',
  });

/**
 * The identity for a graphql-ws connection from its `connection_init` payload: the same
 * bearer token as over HTTP, as `{ Authorization: 'Bearer …' }` (any case) or `{ token: '…' }`.
 * No token is anonymous; a bad one rejects with UNAUTHENTICATED (close the socket with 4401).
 */
export async function identityFromConnectionParams(authenticator: Authenticator, params: Readonly<Record<string, unknown>> | undefined): Promise<Identity> {
  const header = Object.entries(params ?? {}).find(([key]) => key.toLowerCase() === 'authorization')?.[1];
  if (typeof header === 'string') return authenticator.authenticate(bearerToken(header));
  return authenticator.authenticate(typeof params?.token === 'string' ? params.token : undefined);
}
