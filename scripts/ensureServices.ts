// npm run services [-- --print-env] — makes sure PostgreSQL and Redis are reachable (installing
// and starting them on Debian as root), printing the URLs as `export` lines with --print-env.
import { ensureServices } from '../stack/services.js';

try {
  const { databaseUrl, redisUrl } = await ensureServices();
  if (process.argv.includes('--print-env')) process.stdout.write(`export DATABASE_URL=${databaseUrl}\nexport REDIS_URL=${redisUrl}\n`);
} catch (error) {
  process.stderr.write(`[services] ${(error as Error).message}\n`);
  process.exit(1);
}
