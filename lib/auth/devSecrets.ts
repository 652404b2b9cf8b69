import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Keys a development stack runs with when the environment sets none. */
export interface DevSecrets {
  readonly authSharedSecret: string;
  readonly subgraphSigningKey: string;
}

/** Fresh random keys (256 bits each); never written anywhere. */
export const randomDevSecrets = (): DevSecrets => ({
  authSharedSecret: randomBytes(32).toString('base64url'),
  subgraphSigningKey: randomBytes(32).toString('base64url'),
});

/**
 * The development keys kept in `file` (under the git-ignored `.data/`), created with
 * random values on first use, so `npm run token` can sign tokens the running stack accepts.
 */
export function loadOrCreateDevSecrets(file: string): DevSecrets {
  const existing = readDevSecrets(file);
  if (existing) return existing;
  const secrets = randomDevSecrets();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** The keys in `file`, or `undefined` when it does not exist yet. */
export function readDevSecrets(file: string): DevSecrets | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as Partial<DevSecrets>;
  if (typeof parsed.authSharedSecret !== 'string' || typeof parsed.subgraphSigningKey !== 'string') {
    throw new Error(`${file} is not a development secrets file; delete it to start over`);
  }
  return { authSharedSecret: parsed.authSharedSecret, subgraphSigningKey: parsed.subgraphSigningKey };
}

/** Where `npm start`, services run alone and `npm run token` keep the development keys. */
export const DEV_SECRETS_FILE = ['.data', 'dev-secrets.json'] as const;

/**
 * The keys a service runs with: the environment's, else (outside production) the development
 * keys in `file`. `authSharedSecret` is undefined when a JWKS is configured.
 */
export function resolveKeys(
  config: { readonly environment: string; readonly auth: { readonly sharedSecret: string | undefined; readonly jwksUrl: string | undefined }; readonly subgraphSigningKey: string | undefined },
  file: string,
): { authSharedSecret: string | undefined; subgraphSigningKey: string } {
  const needsDev = !config.subgraphSigningKey || (!config.auth.sharedSecret && !config.auth.jwksUrl);
  if (!needsDev) return { authSharedSecret: config.auth.sharedSecret, subgraphSigningKey: config.subgraphSigningKey! };
  if (config.environment === 'production') {
    if (!config.subgraphSigningKey) throw new Error('production needs SUBGRAPH_SIGNING_KEY');
    return { authSharedSecret: undefined, subgraphSigningKey: config.subgraphSigningKey }; // the gateway checks its auth settings itself
  }
  const dev = loadOrCreateDevSecrets(file);
  return {
    authSharedSecret: config.auth.sharedSecret ?? (config.auth.jwksUrl ? undefined : dev.authSharedSecret),
    subgraphSigningKey: config.subgraphSigningKey ?? dev.subgraphSigningKey,
  };
}
