import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fromRoot } from '../../lib/paths.js';

/** One supervised service: a TypeScript entry point run from source with tsx. */
export interface ProcessSpec {
  /** Entry point, relative to the project root (e.g. `subgraphs/pricing/main.ts`). */
  readonly entry: string;
  readonly env: Readonly<Record<string, string>>;
  /** Polled until it answers 200 after every start. */
  readonly readyUrl: string;
}

/** Starts, kills (-9) and restarts named processes; each writes its output to `<logDir>/<name>.log`. */
export interface ProcessSupervisor {
  readonly names: readonly string[];
  /** Starts the process and resolves once its `readyUrl` answers 200. */
  start(name: string, readyTimeoutMs?: number): Promise<void>;
  /** SIGKILL, resolved once the process is gone. */
  kill(name: string): Promise<void>;
  restart(name: string, readyTimeoutMs?: number): Promise<void>;
  isRunning(name: string): boolean;
  /** SIGTERM to every running process (SIGKILL after `graceMs`). */
  stopAll(graceMs?: number): Promise<void>;
}

const handedOut = new Set<number>();
const anyFreePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * A free TCP port on 127.0.0.1 (closed again before it is returned), never handed out before by
 * this process: the OS may give the same free port to two `listen(0)` calls, and two processes
 * of a stack would then share it (one fails with EADDRINUSE while the other answers its
 * readiness check, as CI saw: the gateway's port was a subgraph's).
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Supervises `specs`; `baseEnv` is passed to every child beneath its own variables. */
export function createProcessSupervisor(
  specs: Readonly<Record<string, ProcessSpec>>,
  options: { readonly logDir: string; readonly baseEnv: Readonly<Record<string, string | undefined>> },
): ProcessSupervisor {
  const children = new Map<string, ChildProcess>();
  const logs = new Map<string, WriteStream>();
  const spec = (name: string) => {
    const found = specs[name];
    if (!found) throw new Error(`no process named ${name}`);
    return found;
  };
  const log = (name: string) => {
    let stream = logs.get(name);
    if (!stream) logs.set(name, (stream = createWriteStream(path.join(options.logDir, `${name}.log`), { flags: 'a' })));
    return stream;
  };
  const alive = (child: ChildProcess | undefined): child is ChildProcess => !!child && child.exitCode === null && child.signalCode === null;
  // Never leave a child behind when this process ends without stopAll (a crash, process.exit).
  const orphans = () => { for (const child of children.values()) if (alive(child)) child.kill('SIGKILL'); };
  process.once('exit', orphans);

  const supervisor: ProcessSupervisor = {
    names: Object.keys(specs),
    async start(name, readyTimeoutMs = 60_000) {
      const { entry, env, readyUrl } = spec(name);
      if (alive(children.get(name))) throw new Error(`${name} is already running`);
      const child = spawn(process.execPath, ['--import', 'tsx', fromRoot(entry)], {
        cwd: fromRoot(), env: { ...options.baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.set(name, child);
      const out = log(name);
      out.write(`--- ${new Date().toISOString()} start pid ${child.pid}\n`);
      child.stdout!.pipe(out, { end: false });
      child.stderr!.pipe(out, { end: false });
      const deadline = Date.now() + readyTimeoutMs;
      while (!(await answers(readyUrl))) {
        if (!alive(child)) throw new Error(`${name} exited (${(child as ChildProcess).exitCode ?? (child as ChildProcess).signalCode}) before it was ready; see ${path.join(options.logDir, `${name}.log`)}`);
        if (Date.now() > deadline) throw new Error(`${name} was not ready within ${readyTimeoutMs} ms`);
        await sleep(100);
      }
    },
    async kill(name) {
      const child = children.get(name);
      if (!alive(child)) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      });
      log(name).write(`--- ${new Date().toISOString()} killed -9\n`);
    },
    async restart(name, readyTimeoutMs) {
      await supervisor.kill(name);
      await supervisor.start(name, readyTimeoutMs);
    },
    isRunning: (name) => alive(children.get(name)),
    async stopAll(graceMs = 5000) {
      await Promise.all([...children.entries()].map(async ([name, child]) => {
        if (!alive(child)) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => void supervisor.kill(name), graceMs);
        await exited;
        clearTimeout(timer);
      }));
      await Promise.all([...logs.values()].map((s) => new Promise((r) => s.end(r))));
      logs.clear();
      process.off('exit', orphans);
    },
  };
  return supervisor;
}
