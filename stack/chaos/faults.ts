import { SUBGRAPH_NAMES, SUBGRAPHS, type SubgraphName } from '../../lib/config/index.js';
import type { MultiProcessStack } from '../multiProcess/startMultiProcessStack.js';
import type { DurableRedis } from './privateRedis.js';
import type { Window } from './stats.js';

/** One fault the chaos run injects, and recovers from before `run` resolves. */
export interface Fault {
  readonly label: string;
  /** What kind of fault, for the report's failures per kind: `one of 2 replicas`, `both replicas`, `process`, `gateway`, `redis`, `carrier`. */
  readonly kind: string;
  run(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** In a fault's label: the killed process was one of two replicas, so no storefront query may fail. */
export const ONE_OF_TWO = 'one of 2 replicas';

/** One fault of each kind, for `--short`. */
const SHORT_SCHEDULE = ['inventory', 'orders', 'relay', 'payments', 'search', 'gateway-2', 'redis', 'carrier'];
/**
 * The cycle a long run repeats, one fault every 25 s: one replica at a time, and now and then
 * both replicas of one subgraph (which may fail requests while neither is up).
 */
const LONG_CYCLE = [
  'catalog', 'orders', 'relay', 'pricing', 'payments', 'gateway-2', 'redis', 'search', 'inventory', 'carrier', 'shipping', 'catalog-both',
  'relay', 'orders', 'gateway-1', 'pricing-both', 'inventory', 'payments-both', 'shipping', 'orders-both',
];

/**
 * The subgraphs a run starts twice: every one its schedule kills, but search (its index is built
 * per process; its kill is a fault of its own). The short run kills a few, so it starts fewer
 * processes on a small machine; the long run kills every store subgraph and shipping.
 */
export function replicatedSubgraphs(short: boolean): SubgraphName[] {
  const killed = new Set((short ? SHORT_SCHEDULE : LONG_CYCLE).map((name) => name.replace(/-both$/, '')));
  return SUBGRAPH_NAMES.filter((name) => killed.has(name) && SUBGRAPHS[name].kind !== 'index');
}

/**
 * Every fault by name: kill -9 and restart of each process (every subgraph — one replica, or
 * `<name>-both` for both — the relay, the gateways), Redis, a hanging carrier.
 */
export function faultsOf(stack: MultiProcessStack, redis: DurableRedis): Record<string, Fault> {
  const killRestart = (names: readonly string[], downMs: number, what: string, kind: string): Fault => ({
    label: `kill -9 ${what}, restart after ${downMs / 1000} s`,
    kind,
    run: async () => {
      await Promise.all(names.map((name) => stack.supervisor.kill(name)));
      await sleep(downMs);
      await Promise.all(names.map((name) => stack.supervisor.start(name, 120_000)));
    },
  });
  const admin = (path: string, method: string, body?: unknown) =>
    fetch(`${stack.simulatorUrls.shipping}/admin/${path}`, { method, body: body ? JSON.stringify(body) : undefined, headers: { 'content-type': 'application/json' } })
      .then(async (res) => { if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`); });
  return {
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => stack.replicated.includes(name)
      ? [name, killRestart([name], 3000, `${name} (${ONE_OF_TWO})`, ONE_OF_TWO)]
      : [name, killRestart([name], 3000, SUBGRAPHS[name].kind === 'index' ? `${name} (and its indexer)` : name, 'process')])),
    ...Object.fromEntries(stack.replicated.map((name) => [`${name}-both`, killRestart([name, `${name}-2`], 3000, `both replicas of ${name}`, 'both replicas')])),
    relay: killRestart(['relay'], 3000, 'the outbox relay', 'process'),
    'gateway-1': killRestart(['gateway-1'], 3000, 'gateway-1', 'gateway'),
    'gateway-2': killRestart(['gateway-2'], 3000, 'gateway-2', 'gateway'),
    redis: {
      label: 'kill -9 Redis, start it after 5 s',
      kind: 'redis',
      run: async () => {
        await redis.kill();
        await sleep(5000);
        await redis.start();
      },
    },
    carrier: {
      label: 'carrier parcelo hangs (simulator admin API) for 8 s',
      kind: 'carrier',
      run: async () => {
        await admin('faults/parcelo', 'PUT', { outage: 'hang' });
        await sleep(8000);
        await admin('faults/parcelo', 'PUT', { outage: 'none' });
      },
    },
  };
}

/** A fault schedule being run: the windows of the faults so far, and which fault is on now. */
export interface FaultRun {
  /** From injection to recovery plus the grace, one per fault injected. */
  readonly windows: Window[];
  /** The windows of the Redis faults (the change-event feed was away). */
  readonly busOutages: Window[];
  current(): string;
  /** Resolves once the last fault recovered. */
  readonly done: Promise<void>;
}

/**
 * Prints the schedule up front, then injects each fault at its time from `startedAt`: one of each
 * kind for a short run, else the long cycle every 25 s, between a warm-up and a cool-down.
 */
export function runFaultSchedule(faults: Record<string, Fault>, options: {
  readonly short: boolean; readonly seconds: number; readonly startedAt: number; readonly recoveryGraceMs: number; readonly log: (line: string) => void;
}): FaultRun {
  const { log, startedAt } = options;
  const warmupMs = 8000;
  const cooldownMs = options.short ? 10_000 : 20_000;
  const names = options.short ? SHORT_SCHEDULE
    : Array.from({ length: Math.max(1, Math.floor((options.seconds * 1000 - warmupMs - cooldownMs) / 25_000)) }, (_, i) => LONG_CYCLE[i % LONG_CYCLE.length]!);
  const spacing = (options.seconds * 1000 - warmupMs - cooldownMs) / names.length;
  const schedule = names.map((name, i) => ({ at: warmupMs + i * spacing, fault: faults[name]! }));
  log('fault schedule:');
  for (const s of schedule) log(`  t+${(s.at / 1000).toFixed(0).padStart(3)} s  ${s.fault.label}`);
  const windows: Window[] = [];
  const busOutages: Window[] = [];
  let current = 'none';
  const done = (async () => {
    for (const s of schedule) {
      const wait = startedAt + s.at - Date.now();
      if (wait > 0) await sleep(wait);
      const from = Date.now();
      current = s.fault.label;
      log(`  >>> t+${((from - startedAt) / 1000).toFixed(0)} s fault: ${s.fault.label}`);
      try {
        await s.fault.run();
      } catch (error) {
        log(`  !!! fault "${s.fault.label}" failed: ${(error as Error).message}`);
        windows.push({ from, to: Number.POSITIVE_INFINITY, label: `${s.fault.label} (did not recover)`, kind: s.fault.kind });
        current = 'none';
        continue;
      }
      windows.push({ from, to: Date.now() + options.recoveryGraceMs, label: s.fault.label, kind: s.fault.kind, recoveredAt: Date.now() });
      if (s.fault === faults.redis) busOutages.push(windows.at(-1)!);
      log(`  <<< t+${((Date.now() - startedAt) / 1000).toFixed(0)} s recovered in ${((Date.now() - from) / 1000).toFixed(1)} s: ${s.fault.label}`);
      current = 'none';
    }
  })();
  return { windows, busOutages, current: () => current, done };
}
