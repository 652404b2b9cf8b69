// npm test — starts PostgreSQL and Redis when they are not reachable (and installs the test
// browser when missing, on Debian as root), then runs every
// vitest suite against them (extra arguments go to vitest: `npm test -- lib/db`).
import { spawn } from 'node:child_process';
import { ensureTestEnvironment } from '../stack/services.js';

try {
  const { databaseUrl, redisUrl } = await ensureTestEnvironment();
  const child = spawn('npx', ['vitest', 'run', ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, NODE_ENV: 'test' },
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} catch (error) {
  process.stderr.write(`npm test: ${(error as Error).message}\n`);
  process.exit(1);
}
