// npm run token -- --role merchandiser [--scope pricing:write] [--subject alice] [--expires 3600]
// Mints a development JWT signed with the shared secret the local stack uses:
// AUTH_SHARED_SECRET when set, else the key `npm start` generated in .data/dev-secrets.json.
import { parseArgs } from 'node:util';
import { DEV_SECRETS_FILE, mintDevToken, readDevSecrets, ROLE_SCOPES } from '../lib/auth/index.js';
import { ConfigError, loadConfig } from '../lib/config/index.js';
import { fromRoot } from '../lib/paths.js';

const usage = `usage: npm run token -- --role <${Object.keys(ROLE_SCOPES).join('|')}> [--scope <scope>]... [--subject <sub>] [--expires <seconds>]`;

try {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: [] },
      scope: { type: 'string', multiple: true, default: [] },
      subject: { type: 'string' },
      expires: { type: 'string', default: String(8 * 3600) },
    },
  });
  const unknown = values.role.filter((role) => !(role in ROLE_SCOPES));
  if (unknown.length > 0 || (values.role.length === 0 && values.scope.length === 0)) throw new Error(usage);
  const config = loadConfig();
  if (config.environment === 'production') throw new Error('refusing to mint development tokens with NODE_ENV=production');
  const secret = config.auth.sharedSecret ?? readDevSecrets(fromRoot(...DEV_SECRETS_FILE))?.authSharedSecret;
  if (!secret) throw new Error('no AUTH_SHARED_SECRET and no .data/dev-secrets.json yet: run `npm start` once first');
  const expiresInSeconds = Number(values.expires);
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) throw new Error('--expires must be a positive number of seconds');
  const token = await mintDevToken({
    secret, issuer: config.auth.issuer, audience: config.auth.audience,
    roles: values.role, scopes: values.scope, subject: values.subject, expiresInSeconds,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`token: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`);
  process.exit(1);
}
