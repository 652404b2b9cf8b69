import { createAuthenticator, type Authenticator } from '../lib/auth/index.js';
import { ConfigError, gatewayAuthProblems, type LimitsConfig } from '../lib/config/index.js';
import type { ServiceConfig } from '../lib/main.js';

/** What the gateway needs to authenticate callers, sign subgraph calls and limit queries. */
export interface GatewaySecurity {
  readonly authenticator: Authenticator;
  readonly signingKey: string;
  readonly limits: LimitsConfig;
  /** `AUTH_MUTATIONS_NEED_CALLER` (lib/config). @default true */
  readonly mutationsNeedCaller?: boolean;
  /** `SUBGRAPH_SIGNING` (lib/config). @default true */
  readonly signSubgraphCalls?: boolean;
}

/** The gateway's security from a service's config (keys resolved by runMain). */
export function gatewaySecurityFromConfig(config: ServiceConfig): GatewaySecurity {
  const problems = gatewayAuthProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    authenticator: createAuthenticator(config.auth),
    signingKey: config.subgraphSigningKey,
    limits: config.limits,
    mutationsNeedCaller: config.auth.mutationsNeedCaller,
    signSubgraphCalls: config.subgraphSigning,
  };
}
