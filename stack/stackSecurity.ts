import { createAuthenticator, randomDevSecrets, type Authenticator, type AuthSettings } from '../lib/auth/index.js';
import { DEFAULT_LIMITS, type LimitsConfig } from '../lib/config/index.js';

/** The keys and limits a whole stack runs with. */
export interface StackSecurity {
  readonly auth: AuthSettings;
  readonly authenticator: Authenticator;
  readonly signingKey: string;
  /** @default 30 */
  readonly signatureMaxAgeSeconds?: number;
  readonly limits: LimitsConfig;
  /** `AUTH_MUTATIONS_NEED_CALLER` (lib/config). @default true */
  readonly mutationsNeedCaller?: boolean;
}

/** Security for a stack from its settings. */
export function stackSecurity(options: { auth: AuthSettings; signingKey: string; signatureMaxAgeSeconds?: number; limits?: LimitsConfig; mutationsNeedCaller?: boolean }): StackSecurity {
  return { ...options, authenticator: createAuthenticator(options.auth), limits: options.limits ?? DEFAULT_LIMITS };
}

/** Fresh random keys (nothing written), the development issuer/audience and the default limits: tests and throwaway stacks. */
export function devStackSecurity(limits: Partial<LimitsConfig> = {}): StackSecurity {
  const secrets = randomDevSecrets();
  return stackSecurity({
    auth: { sharedSecret: secrets.authSharedSecret, jwksUrl: undefined, issuer: 'commerce-supergraph-dev', audience: 'commerce-supergraph', clockToleranceSeconds: 5 },
    signingKey: secrets.subgraphSigningKey,
    limits: { ...DEFAULT_LIMITS, ...limits },
  });
}
