import { createAuthenticator, DEV_SECRETS_FILE, resolveKeys, type Authenticator } from '../lib/auth/index.js';
import { ConfigError, gatewayAuthProblems, type Config, type LimitsConfig } from '../lib/config/index.js';
import { fromRoot } from '../lib/paths.js';

/** What the gateway needs to authenticate callers, sign subgraph calls and limit queries. */
export interface GatewaySecurity {
  readonly authenticator: Authenticator;
  readonly signingKey: string;
  readonly limits: LimitsConfig;
}

/** The gateway's security from config; outside production, unset keys come from the development keys in `.data/`. */
export function gatewaySecurityFromConfig(config: Config): GatewaySecurity {
  const problems = gatewayAuthProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  const keys = resolveKeys(config, fromRoot(...DEV_SECRETS_FILE));
  return {
    authenticator: createAuthenticator({ ...config.auth, sharedSecret: keys.authSharedSecret }),
    signingKey: keys.subgraphSigningKey,
    limits: config.limits,
  };
}
