import type { BaseContext } from '@apollo/server';
import { ANONYMOUS, createMemoryNonceStore, createRedisNonceStore, unauthenticated, verifyCall, type Identity, type NonceStore } from '../auth/index.js';
import type { Config } from '../config/index.js';
import { healthRoutes, type ReadinessCheck } from '../health/index.js';
import { startGraphQLHttpServer, type RunningServer } from '../http/index.js';
import { currentRequest, type Logger } from '../logging/index.js';
import { createMetrics, instrumentHttpServer, type Metrics } from '../metrics/index.js';
import { createSubgraphServer, type SubgraphDefinition } from './createSubgraphServer.js';

/** Where and how a subgraph listens. */
export interface ListenOptions {
  readonly port: number;
  readonly host?: string;
  readonly maxBodyBytes?: number;
  readonly logger: Logger;
  /**
   * The key the gateway signs forwarded identities with: requests without a valid, fresh
   * signature get 401 UNAUTHENTICATED (`/healthz`, `/readyz` and `/metrics` stay open).
   * `null` accepts unsigned calls as anonymous: only for the gateway benchmark, whose
   * comparison gateways (vanilla Apollo, Hive) cannot sign. No configuration reaches it.
   */
  readonly signingKey: string | null;
  /** How old a gateway signature may be, in seconds. @default 30 */
  readonly signatureMaxAgeSeconds?: number;
  /**
   * Where the nonces of signed calls are remembered while fresh, so a replayed call is
   * refused; closed with the server. Pass the Redis store when replicas share Redis.
   * @default a bounded in-memory store
   */
  readonly nonceStore?: NonceStore;
  /** What `/readyz` checks (the store, Redis). @default none: ready once listening */
  readonly readiness?: readonly ReadinessCheck[];
  /** The registry `/metrics` serves; one without process metrics is created when omitted (embedded stack: the gateway's has them). */
  readonly metrics?: Metrics;
}

/** What every subgraph resolver finds in its context beside the subgraph's own fields. */
export interface SubgraphCaller {
  /** The caller as the gateway verified it (anonymous when the request carried no token). */
  readonly identity: Identity;
  readonly requestId: string;
}

/** A running subgraph; modules in its process add their metrics (relay lag, carrier outcomes) to `metrics`. */
export interface SubgraphServer extends RunningServer {
  readonly metrics: Metrics;
}

/** The nonce store a subgraph main uses: Redis when `REDIS_URL` is set (shared by replicas), else in memory. */
export function configuredNonceStore(config: Pick<Config, 'redisUrl' | 'eventsKeyPrefix'>): NonceStore {
  return config.redisUrl ? createRedisNonceStore({ url: config.redisUrl, keyPrefix: `${config.eventsKeyPrefix}nonce:` }) : createMemoryNonceStore();
}

/** Builds a subgraph's server and serves it over HTTP, with `/healthz`, `/readyz` and `/metrics`. */
export async function startSubgraph<Ctx extends BaseContext>(
  definition: SubgraphDefinition<Ctx>,
  options: ListenOptions,
): Promise<SubgraphServer> {
  const logger = options.logger.child({ subgraph: definition.name });
  const metrics = options.metrics ?? createMetrics({ service: definition.name, processMetrics: false });
  const apollo = await createSubgraphServer(definition, logger, metrics);
  const maxAgeMs = (options.signatureMaxAgeSeconds ?? 30) * 1000;
  const nonces = options.nonceStore ?? createMemoryNonceStore();
  const verify = async (headers: Parameters<typeof verifyCall>[1], requestId: string, body: unknown): Promise<Identity> => {
    if (options.signingKey === null) return ANONYMOUS;
    const call = verifyCall(options.signingKey, headers, requestId, body, { maxAgeMs, audience: definition.name });
    // A signature is fresh for maxAgeMs either side of now: remember its nonce until it cannot be.
    if (!(await nonces.claim(`${definition.name}:${call.nonce}`, call.signedAt + maxAgeMs - Date.now() + 1000))) {
      throw unauthenticated('the gateway signature was already used (replay)');
    }
    return call.identity;
  };
  const running = await startGraphQLHttpServer({
    apollo,
    context: async (req, body): Promise<Ctx & SubgraphCaller> => {
      const requestId = currentRequest()!.requestId;
      const identity = await verify(req.headers, requestId, body);
      return { ...definition.context(), identity, requestId };
    },
    logger,
    port: options.port,
    host: options.host,
    maxBodyBytes: options.maxBodyBytes,
    routes: { ...definition.routes, ...healthRoutes(options.readiness ?? []), '/metrics': (req, res) => metrics.handler(req, res) },
  });
  instrumentHttpServer(running.httpServer, metrics);
  return {
    ...running,
    metrics,
    close: async () => {
      await running.close();
      await nonces.close();
    },
  };
}
