// Makes sure PostgreSQL and Redis are reachable for the tests. When one is not, and the
// machine is Debian and we are root, it is installed (apt-get), its cluster created and
// started, one line per step; anywhere else it stops at once naming what to install or set.
// Prints the URLs as `export` lines with --print-env.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const log = (line: string): void => void process.stderr.write(`[services] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(2000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function run(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    return true;
  } catch (error) {
    log(`${command} ${args.join(' ')} failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`);
    return false;
  }
}

const isRoot = (): boolean => process.getuid?.() === 0;
const isDebian = (): boolean => existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
let aptUpdated = false;

/** Installs Debian packages as root, or throws naming what to install and which URL to set instead. */
function aptInstall(packages: string[], instead: string): void {
  if (!isDebian() || !isRoot()) {
    throw new Error(`install ${packages.join(' ')} (or set ${instead} to a running server); this machine is not Debian with root, so npm test cannot install it`);
  }
  const apt = (args: string[]): void => {
    try {
      execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim().split('\n').filter((l) => !l.startsWith('debconf')).at(-1);
      throw new Error(`apt-get ${args.join(' ')} failed${stderr ? `: ${stderr}` : ''}; install ${packages.join(' ')} yourself or set ${instead}`);
    }
  };
  if (!aptUpdated) {
    log('apt-get update');
    apt(['update', '-qq']);
    aptUpdated = true;
  }
  log(`apt-get install ${packages.join(' ')}`);
  apt(['install', '-y', '-qq', ...packages]);
}

const hasCommand = (command: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(250)) if (await check()) return true;
  return false;
}

async function ensurePostgres(url: string): Promise<void> {
  if (await postgresReachable(url)) return log(`PostgreSQL reachable at ${new URL(url).host}`);
  if (url !== DEFAULT_DATABASE_URL) throw new Error(`DATABASE_URL is set but PostgreSQL is not reachable there (${new URL(url).host})`);
  log('PostgreSQL not reachable: starting the local cluster');
  if (!hasCommand('pg_ctlcluster')) aptInstall(['postgresql'], 'DATABASE_URL');
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort() : [];
  const version = versions.includes('15') ? '15' : versions.at(-1) ?? '15';
  if (!existsSync(`/etc/postgresql/${version}/main`)) {
    if (!isRoot()) throw new Error(`create and start a PostgreSQL cluster (pg_createcluster ${version} main --start, as root) or set DATABASE_URL`);
    log(`pg_createcluster ${version} main`);
    run('pg_createcluster', [version, 'main']);
  }
  log(`pg_ctlcluster ${version} main start`);
  run('pg_ctlcluster', [version, 'main', 'start']);
  run('runuser', ['-u', 'postgres', '--', 'psql', '-c', "ALTER USER postgres PASSWORD 'postgres'"]);
  if (!(await waitFor(() => postgresReachable(url), 15_000))) {
    throw new Error('PostgreSQL could not be started: start it yourself and set DATABASE_URL (see README)');
  }
  log('PostgreSQL started');
}

async function ensureRedis(url: string): Promise<void> {
  if (await redisReachable(url)) return log(`Redis reachable at ${new URL(url).host}`);
  if (url !== DEFAULT_REDIS_URL) throw new Error(`REDIS_URL is set but Redis is not reachable there (${new URL(url).host})`);
  if (!hasCommand('redis-server')) aptInstall(['redis-server'], 'REDIS_URL');
  log('Redis not reachable: starting redis-server');
  run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no']);
  if (!(await waitFor(() => redisReachable(url), 10_000))) {
    throw new Error('Redis could not be started: install redis-server or set REDIS_URL (see README)');
  }
  log('Redis started');
}

/** Ensures both servers are up; returns the URLs the tests should use. */
/**
 * The browser the GraphiQL test drives (Debian's chromium, or CHROMIUM_PATH): installed when
 * missing on Debian as root; elsewhere one line says what to install, and that test fails
 * saying so (the other suites run).
 */
function ensureBrowser(env: NodeJS.ProcessEnv): void {
  if (existsSync(env.CHROMIUM_PATH || '/usr/bin/chromium')) return;
  try {
    aptInstall(['chromium'], 'CHROMIUM_PATH');
    log('chromium installed');
  } catch (error) {
    log(`no browser for the GraphiQL test: ${(error as Error).message}`);
  }
}

/** Ensures PostgreSQL, Redis and the test browser; returns the URLs the tests should use. */
export async function ensureTestEnvironment(env = process.env): Promise<{ databaseUrl: string; redisUrl: string }> {
  const urls = await ensureServices(env);
  ensureBrowser(env);
  return urls;
}

export async function ensureServices(env = process.env): Promise<{ databaseUrl: string; redisUrl: string }> {
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const redisUrl = env.REDIS_URL || DEFAULT_REDIS_URL;
  await ensurePostgres(databaseUrl);
  await ensureRedis(redisUrl);
  return { databaseUrl, redisUrl };
}
