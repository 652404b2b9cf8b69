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
